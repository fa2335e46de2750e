/**
 * When to send the output a terminal has gathered (pure logic).
 *
 * Leading edge, then throttle: the first output after a quiet spell goes out at
 * once (a keystroke's echo must not wait for a timer), and output that follows
 * within `frameIntervalMs` is gathered into one frame, so a flood costs one
 * message per interval (or per `maxFrameUnits`) instead of one per read.
 */

export interface FramePolicy {
  frameIntervalMs: number;
  /** Pending output at which a frame goes out without waiting for the interval. */
  maxFrameUnits: number;
}

export const DEFAULT_FRAME_POLICY: FramePolicy = { frameIntervalMs: 8, maxFrameUnits: 32 * 1024 };

export type FrameDecision = { kind: 'now' } | { kind: 'later'; delayMs: number };

export function decideFrame(
  policy: FramePolicy,
  now: number,
  lastFrameAt: number | null,
  pendingUnits: number,
): FrameDecision {
  if (pendingUnits >= policy.maxFrameUnits) return { kind: 'now' };
  if (lastFrameAt === null) return { kind: 'now' };
  const elapsed = now - lastFrameAt;
  if (elapsed >= policy.frameIntervalMs) return { kind: 'now' };
  return { kind: 'later', delayMs: policy.frameIntervalMs - elapsed };
}
