// Typed errors of the load-test package.

/** A client did not complete the sync handshake (refused, closed, or timed out). */
export class ConnectFailed extends Error {
  override readonly name = 'ConnectFailed';
}

/** A server under test did not start, or died during a run. */
export class ServerFailed extends Error {
  override readonly name = 'ServerFailed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A run finished, but not every client synced or updates went missing. */
export class RunIncomplete extends Error {
  override readonly name = 'RunIncomplete';
}
