/**
 * Reads the exit status from the exec status channel (channel 3), pure logic.
 * The API server sends one `Status` object there when the command ends:
 * `status: "Success"`, or `"Failure"` with `reason: "NonZeroExitCode"` and the code in
 * `details.causes[{reason: "ExitCode", message: "<n>"}]`. Any other failure (the
 * container is gone, the command does not exist) has no exit code.
 */
import type { V1Status } from '@kubernetes/client-node';

export type ExecOutcome = { kind: 'exited'; code: number } | { kind: 'error'; message: string };

export function outcomeOfStatus(status: V1Status): ExecOutcome {
  if (status.status === 'Success') return { kind: 'exited', code: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { kind: 'exited', code };
  }
  return { kind: 'error', message: status.message ?? 'exec failed without a message' };
}

/** The Status the API server sends for an exit code (used by the fake API server). */
export function statusForExitCode(code: number): V1Status {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command, exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}
