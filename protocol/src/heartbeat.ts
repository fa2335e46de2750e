/**
 * Liveness on every socket (docs/protocols.md, `BEAT-*`). Browsers cannot see WebSocket
 * ping frames, so the server also sends a small application message at least every
 * HEARTBEAT_INTERVAL_MS: on `/ws` and `/notifications` `{type:"heartbeat"}`, on `/sync`
 * an awareness update that names no client (a stock y-websocket client applies it and
 * changes nothing). A client that heard nothing for HEARTBEAT_DEADLINE_MS treats the
 * connection as dead and reconnects. The other way round, the server pings (uWS ping
 * frames, which browsers and `ws` answer by themselves) and closes a socket it heard
 * nothing from, not even a pong, for SILENT_CLIENT_MS with 4408.
 */
import { z } from 'zod';

export const HEARTBEAT_INTERVAL_MS = 2000;
/**
 * Past one beat (at most 2.25 s apart with the server's 250 ms sweep) with room for a
 * busy event loop, and under 5 s with the IDE's 250 ms check: "Reconnecting" within 5 s.
 */
export const HEARTBEAT_DEADLINE_MS = 4000;
export const SILENT_CLIENT_MS = 4500;

export const heartbeatMessageSchema = z.object({ type: z.literal('heartbeat') });
export type HeartbeatMessage = z.infer<typeof heartbeatMessageSchema>;
export const HEARTBEAT_JSON = JSON.stringify({ type: 'heartbeat' } satisfies HeartbeatMessage);

/** `/sync`'s heartbeat: message type 1 (awareness), a varUint8Array of one byte, 0 (no clients). */
export const SYNC_HEARTBEAT = Uint8Array.of(1, 1, 0);
