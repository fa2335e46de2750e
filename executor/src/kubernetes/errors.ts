/**
 * Errors of the Kubernetes backend. They extend the package's errors
 * (`../errors.ts`), so the server maps them like any other executor error;
 * `ApiException`s from `@kubernetes/client-node` are translated here, once.
 */
import { EnvironmentStartError, ExecutorError } from '../errors';
import type { FailureKind } from './pod-diagnosis';

/** The workspace pod did not become Ready; `kind` says why (image pull, unschedulable, volume...). */
export class PodStartError extends EnvironmentStartError {
  constructor(readonly kind: FailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The exec connection failed (refused upgrade, dropped before the status channel said how it ended). */
export class ExecStreamError extends ExecutorError {
  constructor(readonly reason: 'forbidden' | 'upgrade-failed' | 'dropped' | 'exec-failed', message: string, options?: { cause?: unknown }) {
    super('environment_failed', message, options);
  }
}

/** HTTP status of a client-node `ApiException`, or undefined for any other error. */
export function httpStatusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** A command could not be run to completion (the stream failed, the container is gone). */
export class CommandFailedError extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('environment_failed', message, options);
  }
}
