// `k6/ws`: the blocking ws.connect of k6 v0.48. The main thread holds the real socket;
// this VU runs a small event loop until the socket has closed: it waits for the next
// socket event or the next due timer, whichever comes first, and runs the script's
// handlers one at a time, as k6's per-VU event loop does.
import { emit, flushSamples, requireBridge, sampleTags } from '../vu-context.mjs';

class Socket {
  constructor(bridge, connId, tags) {
    this.bridge = bridge;
    this.connId = connId;
    this.tags = tags;
    this.handlers = new Map();
    this.timers = [];
    this.nextTimer = 1;
    this.closing = false;
    this.closed = false;
  }

  on(event, handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, []);
    this.handlers.get(event).push(handler);
  }

  dispatch(event, ...args) {
    for (const handler of this.handlers.get(event) ?? []) handler.apply(this, args);
  }

  send(text) {
    if (this.closed) return;
    this.bridge.post({ op: 'ws.send', connId: this.connId, data: String(text) });
    emit('ws_msgs_sent', 'counter', false, 1, this.tags);
  }

  sendBinary(buffer) {
    if (this.closed) return;
    if (!(buffer instanceof ArrayBuffer)) throw new Error('sendBinary expects an ArrayBuffer');
    const copy = buffer.slice(0);
    this.bridge.post({ op: 'ws.send', connId: this.connId, data: copy, binary: true }, [copy]);
    emit('ws_msgs_sent', 'counter', false, 1, this.tags);
  }

  ping() {
    if (!this.closed) this.bridge.post({ op: 'ws.ping', connId: this.connId });
  }

  close(code) {
    if (this.closing || this.closed) return;
    this.closing = true;
    this.bridge.post({ op: 'ws.close', connId: this.connId, code: code ?? 1000 });
  }

  setTimeout(fn, ms) {
    return this.addTimer(fn, ms, false);
  }

  setInterval(fn, ms) {
    if (!(Number(ms) > 0)) throw new Error('setInterval needs a positive interval');
    return this.addTimer(fn, ms, true);
  }

  clearTimeout(id) {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  clearInterval(id) {
    this.clearTimeout(id);
  }

  addTimer(fn, ms, repeat) {
    const id = this.nextTimer++;
    const interval = Math.max(0, Number(ms) || 0);
    this.timers.push({ id, fn, due: Date.now() + interval, interval, repeat });
    return id;
  }

  /** The earliest timer that is due by `now`, removed (or rescheduled when it repeats). */
  takeDueTimer(now) {
    let first = null;
    for (const t of this.timers) if (t.due <= now && (first === null || t.due < first.due)) first = t;
    if (first === null) return null;
    if (first.repeat) first.due += first.interval;
    else this.timers = this.timers.filter((t) => t !== first);
    return first;
  }

  nextDeadline() {
    return this.timers.reduce((min, t) => Math.min(min, t.due), Infinity);
  }

  handle(message) {
    if (message.connId !== this.connId) return; // late events of an earlier socket
    if (message.event === 'message') {
      emit('ws_msgs_received', 'counter', false, 1, this.tags);
      if (message.binary) this.dispatch('binaryMessage', message.data);
      else this.dispatch('message', message.data);
    } else if (message.event === 'pong') {
      this.dispatch('pong');
    } else if (message.event === 'error') {
      this.dispatch('error', { error: () => message.error, message: message.error });
    } else if (message.event === 'close') {
      this.closed = true;
      this.timers = [];
      this.dispatch('close', message.code);
    }
  }
}

export function connect(url, params, callback) {
  if (typeof params === 'function') {
    callback = params;
    params = {};
  }
  const bridge = requireBridge('k6/ws outside a VU');
  const href = String(url);
  const headers = {};
  for (const [k, v] of Object.entries(params?.headers ?? {})) headers[k] = String(v);
  const started = Date.now();
  const reply = bridge.call('ws.connect', { url: href, headers });
  const tags = sampleTags({ url: href, status: String(reply.status), ...params?.tags });
  emit('ws_connecting', 'trend', true, reply.connectMs, tags);
  const response = { url: href, status: reply.status, headers: reply.headers ?? {}, body: reply.body ?? '', error: reply.error ?? '' };
  if (!reply.ok) return response;

  const socket = new Socket(bridge, reply.connId, tags);
  emit('ws_sessions', 'counter', false, 1, tags);
  try {
    callback(socket);
    socket.dispatch('open');
    while (!socket.closed) {
      for (const message of bridge.take(socket.nextDeadline())) {
        socket.handle(message);
        if (socket.closed) break;
      }
      for (let t = socket.takeDueTimer(Date.now()); t && !socket.closed; t = socket.takeDueTimer(Date.now())) t.fn();
    }
  } catch (error) {
    // An exception in a handler ends the session and, as in k6, the iteration.
    if (!socket.closed) bridge.post({ op: 'ws.terminate', connId: socket.connId });
    throw error;
  } finally {
    emit('ws_session_duration', 'trend', true, Date.now() - started, tags);
    flushSamples();
  }
  return response;
}

export default { connect };
