/** Typed errors of the archive code (push and pull of workspace trees). */

export class ArchiveError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The snapshot could not be read completely (too many entries, too many bytes, not a tar).
 * A partial snapshot is never returned: a caller would take the missing files for deletions.
 */
export class PullRejectedError extends ArchiveError {
  constructor(
    readonly code: 'too-many-entries' | 'archive-too-large' | 'compressed' | 'malformed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A push archive or change list names a path that is not a valid workspace path. */
export class InvalidPushPathError extends ArchiveError {
  constructor(readonly path: string, readonly reason: string) {
    super(`invalid path in push: ${JSON.stringify(path)} (${reason})`);
  }
}
