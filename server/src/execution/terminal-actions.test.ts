import { describe, expect, it } from 'vitest';
import { can, ROLES } from '../auth/policy';
import { TERMINAL_ACTIONS } from './terminal-actions';
import { TERMINAL_COMMAND_TYPES } from '@tandem/protocol';

const mayDo = (role: (typeof ROLES)[number]) =>
  TERMINAL_COMMAND_TYPES.filter((type) => can(role, TERMINAL_ACTIONS[type])).sort();

describe('TERMINAL_ACTIONS', () => {
  it('gives every terminal and environment message an action', () => {
    expect(Object.keys(TERMINAL_ACTIONS).sort()).toEqual([...TERMINAL_COMMAND_TYPES].sort());
  });

  it('TERM-16: lets viewers (and reviewers) watch but not act', () => {
    expect(mayDo('viewer')).toEqual(['term.attach', 'term.detach', 'term.list']);
    expect(mayDo('reviewer')).toEqual(['term.attach', 'term.detach', 'term.list']);
  });

  it('lets editors and the owner do everything', () => {
    expect(mayDo('editor')).toEqual([...TERMINAL_COMMAND_TYPES].sort());
    expect(mayDo('owner')).toEqual([...TERMINAL_COMMAND_TYPES].sort());
  });
});
