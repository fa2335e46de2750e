/**
 * Typed errors of the executor package. Each carries a stable `code` that the
 * server copies into `{type:"error", code}` on the workspace socket; foreign errors
 * (spawn, file system, Kubernetes) are wrapped once, at the edge, with `cause`.
 * The archive code keeps its own errors in `archive/errors.ts`.
 */

export type ExecutorErrorCode =
  | 'environment_failed'
  | 'environment_stopped'
  | 'terminal_not_found'
  | 'terminal_exited'
  | 'invalid_path'
  | 'command_timeout'
  | 'push_failed'
  | 'pull_failed'
  | 'shutting_down'
  | 'fenced'
  | 'owned_elsewhere'
  | 'sandbox_unavailable';

export class ExecutorError extends Error {
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The environment could not be started; `message` is the reason users see in `env.status`. */
export class EnvironmentStartError extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('environment_failed', message, options);
  }
}

/**
 * The local sandbox does not work on this machine (bubblewrap missing or refused),
 * so no terminal or command runs: the message says what to install.
 */
export class SandboxUnavailableError extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('sandbox_unavailable', message, options);
  }
}

/** The environment was stopped (idle, hard limit, shutdown) while an operation needed it. */
export class EnvironmentStoppedError extends ExecutorError {
  constructor(workspaceId: string) {
    super('environment_stopped', `the environment of workspace ${workspaceId} is not running`);
  }
}

/** A program (a language server) could not be started in a running environment. */
export class ProcessStartError extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('environment_failed', message, options);
  }
}

export class TerminalNotFoundError extends ExecutorError {
  constructor(readonly termId: string) {
    super('terminal_not_found', `no terminal ${termId} in this workspace`);
  }
}

export class InvalidPathError extends ExecutorError {
  constructor(readonly path: string, readonly reason: string) {
    super('invalid_path', `invalid workspace path ${JSON.stringify(path)} (${reason})`);
  }
}

export class CommandTimeoutError extends ExecutorError {
  constructor(readonly command: string, readonly timeoutMs: number) {
    super('command_timeout', `command did not finish within ${timeoutMs} ms`);
  }
}

export class PushError extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('push_failed', message, options);
  }
}

export class PullError extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('pull_failed', message, options);
  }
}

/**
 * The environment refused a write from an older lease epoch (issue 14): another
 * replica owns it now. Never retried; the runtime that got it lets the environment go.
 */
export class FencedError extends ExecutorError {
  constructor(detail: string) {
    super('fenced', `another replica owns this environment now (${detail || 'fenced'})`);
  }
}

/** Another process holds the lease on this environment (`EnvironmentLeases.epochFor`): ask it, not this one. */
export class OwnedElsewhereError extends ExecutorError {
  constructor(readonly ownerAddress: string) {
    super('owned_elsewhere', 'another replica runs this workspace\'s environment');
  }
}

export class ShuttingDownError extends ExecutorError {
  constructor() {
    super('shutting_down', 'the executor is shutting down');
  }
}

/** The reason shown to users for an unknown failure: the message, never a stack. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
