import { describe, expect, it } from 'vitest';
import { connectionLabel, connectionStatus } from './connection-status';

const open = { state: 'open', attempt: 0 } as const;
const facts = { online: true, workspace: open, problem: null, file: open };

describe('connectionStatus', () => {
  it('is Connected only when the workspace socket and the open file are both open', () => {
    expect(connectionLabel(connectionStatus(facts))).toBe('Connected');
    expect(connectionLabel(connectionStatus({ ...facts, file: undefined }))).toBe('Connected');
    expect(connectionLabel(connectionStatus({ ...facts, file: { state: 'connecting', attempt: 2 } }))).toBe('Reconnecting (attempt 2)');
    expect(connectionLabel(connectionStatus({ ...facts, workspace: { state: 'connecting', attempt: 3 }, file: { state: 'connecting', attempt: 1 } }))).toBe('Reconnecting (attempt 3)');
  });

  it('says Connecting before any connection was lost, Offline when the browser is, and the final reason over all', () => {
    expect(connectionLabel(connectionStatus({ ...facts, workspace: { state: 'connecting', attempt: 0 } }))).toBe('Connecting…');
    expect(connectionLabel(connectionStatus({ ...facts, online: false }))).toBe('Offline');
    expect(connectionLabel(connectionStatus({ ...facts, online: false, workspace: { state: 'closed', attempt: 0 }, problem: 'You are signed out' }))).toBe('You are signed out');
  });
});
