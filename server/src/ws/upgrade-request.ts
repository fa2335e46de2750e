/**
 * What a WebSocket endpoint needs to decide on a connection, and how it says no.
 * The decision itself is taken after the upgrade (see `admission.ts`).
 */
export interface UpgradeRequest {
  url: string;
  query: URLSearchParams;
  headers: Record<string, string>;
}

/** Thrown by an endpoint's decision: the socket is closed with this code and reason. */
export class UpgradeRefused extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}
