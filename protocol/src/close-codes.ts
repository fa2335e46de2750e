/**
 * WebSocket close codes Tandem uses, as named data in one place (docs/protocols.md).
 * 4000-4999 is the range RFC 6455 leaves to applications; we mirror HTTP statuses.
 */
export const CloseCode = {
  NORMAL: 1000,
  BAD_MESSAGE: 4400,
  UNAUTHENTICATED: 4401,
  FORBIDDEN: 4403,
  NOT_FOUND: 4404,
  /**
   * Nothing came from the client, not even a pong to the server's pings, for
   * SILENT_CLIENT_MS (heartbeat.ts): the network is gone (HTTP 408's sense). The
   * client's own watch closes with this code too when the server went silent.
   */
  HEARTBEAT_TIMEOUT: 4408,
  /**
   * The workspace's execution environment changed owner among the replicas (issue 14:
   * the owner stopped or died, or this replica lost its lease): reconnect to be routed
   * to the new one; terminals re-attach where they left off (HTTP 409's sense: the
   * state the socket was set up for changed under it).
   */
  ENVIRONMENT_MOVED: 4409,
  MESSAGE_TOO_LARGE: 4413,
  /** The Host header is not one this server is configured for (HTTP 421; DNS rebinding). */
  MISDIRECTED: 4421,
  BACKPRESSURE: 4429,
  INTERNAL: 4500,
  /**
   * The database cannot be reached (HTTP 502's sense: the server's upstream failed), so
   * nothing can be saved or loaded now. The client keeps its unacknowledged edits and
   * reconnects; they are saved once the database is back.
   */
  DATABASE_UNAVAILABLE: 4502,
  SHUTTING_DOWN: 4503,
  /**
   * The server already holds TANDEM_MAX_UNSAVED_BYTES of updates the database has not
   * committed (a slow or hung database; HTTP 504's sense): this update was refused, not
   * relayed. The client keeps it and resends it when it reconnects.
   */
  UNSAVED_LIMIT: 4504,
  /**
   * An update would take its document past TANDEM_MAX_DOCUMENT_BYTES: refused, not
   * relayed or logged. Not 4413: the message itself was fine, the document is full
   * (WebDAV answers a full quota with HTTP 507, Insufficient Storage).
   */
  DOCUMENT_TOO_LARGE: 4507,
} as const;

export type CloseCodeName = keyof typeof CloseCode;

const names = new Map<number, CloseCodeName>(
  Object.entries(CloseCode).map(([name, code]) => [code, name as CloseCodeName]),
);

export function closeCodeName(code: number): string {
  return names.get(code) ?? String(code);
}
