import { describe, expect, it } from 'vitest';
import { serverMessageProblem } from './ws-message-check';

describe('serverMessageProblem', () => {
  it('passes a protocol message and names what is wrong with anything else', () => {
    expect(serverMessageProblem({ type: 'term.closed', termId: 't1' })).toBeNull();
    expect(serverMessageProblem({ type: 'term.exit', termId: 't1', code: null })).toMatch(/^not a protocol message: .*\(code: /);
    expect(serverMessageProblem({ type: 'made.up' })).toMatch(/^not a protocol message/);
    expect(serverMessageProblem({ type: 'term.closed', termId: 't1', extra: 1 })).toMatch(/^fields the protocol does not have/);
  });
});
