import { describe, expect, it } from 'vitest';
import { outcomeOfStatus, statusForExitCode } from './exec-status';

describe('exec status channel', () => {
  it('reads success and non-zero exit codes', () => {
    expect(outcomeOfStatus({ metadata: {}, status: 'Success' })).toEqual({ kind: 'exited', code: 0 });
    expect(outcomeOfStatus(statusForExitCode(137))).toEqual({ kind: 'exited', code: 137 });
  });

  it('treats any other failure as an error without an exit code', () => {
    const status = { status: 'Failure', reason: 'InternalError', message: 'container not found ("workspace")' };
    expect(outcomeOfStatus(status)).toEqual({ kind: 'error', message: 'container not found ("workspace")' });
    expect(outcomeOfStatus({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: 'x' }] } }).kind).toBe('error');
  });
});
