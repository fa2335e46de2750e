/**
 * Liveness of every socket of one endpoint with one timer (docs/protocols.md, BEAT-*):
 * each tick beats the sockets whose last beat is an interval old (the adapter sends
 * the endpoint's heartbeat message and a ping) and ends those the server heard nothing
 * from, not even a pong, for `silentMs`. uWS' own idleTimeout cannot go under 8 s
 * (it refuses to start), and a timer per socket would cost more than the socket.
 *
 * The adapter marks a socket heard with one store (`pulse.heard = true`) on every
 * frame and pong; the clock is read once per tick, never per message. The timer runs
 * only while there are sockets, so an endpoint needs no start or stop of its own.
 */
export interface HeartbeatTarget {
  /** Send the heartbeat (and a ping the client's WebSocket answers by itself). */
  beat(): void;
  /** Nothing heard for `silentMs`: close it (4408). It has left the sweep already. */
  dead(): void;
}

export interface HeartbeatPolicy {
  intervalMs: number;
  silentMs: number;
  /** How often the sweep runs: the granularity of both. */
  tickMs: number;
}

/** One socket in the sweep; the adapter sets `heard` whenever the client sends anything. */
export class Pulse {
  heard = false;
  constructor(
    readonly target: HeartbeatTarget,
    public heardAt: number,
    public beatAt: number,
  ) {}
}

export class HeartbeatSweep {
  private readonly pulses = new Set<Pulse>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly policy: HeartbeatPolicy,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.pulses.size;
  }

  add(target: HeartbeatTarget): Pulse {
    const now = this.now();
    const pulse = new Pulse(target, now, now);
    this.pulses.add(pulse);
    if (this.timer === null && this.policy.tickMs > 0) {
      this.timer = setInterval(() => this.sweep(), this.policy.tickMs);
      // It must not keep a stopping process alive.
      this.timer.unref?.();
    }
    return pulse;
  }

  remove(pulse: Pulse | undefined): void {
    if (pulse) this.pulses.delete(pulse);
    this.idle();
  }

  sweep(): void {
    const now = this.now();
    const { intervalMs, silentMs } = this.policy;
    for (const pulse of this.pulses) {
      if (pulse.heard) {
        pulse.heard = false;
        pulse.heardAt = now;
      }
      if (now - pulse.heardAt >= silentMs) {
        this.pulses.delete(pulse);
        pulse.target.dead();
      } else if (now - pulse.beatAt >= intervalMs) {
        pulse.beatAt = now;
        pulse.target.beat();
      }
    }
    this.idle();
  }

  private idle(): void {
    if (this.pulses.size > 0 || this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
  }
}
