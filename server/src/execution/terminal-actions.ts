/**
 * The policy action (auth/policy.ts) each terminal and environment message on `/ws`
 * takes: attaching, detaching and listing are watching; the rest starts, types into,
 * reshapes or ends something. A Record over the message types, so a new message
 * cannot ship without one.
 */
import type { Action } from '../auth/policy';
import type { TerminalCommandType } from '@tandem/protocol';

export const TERMINAL_ACTIONS: Readonly<Record<TerminalCommandType, Action>> = {
  'env.start': 'env.start',
  'term.open': 'terminal.open',
  'term.attach': 'terminal.watch',
  'term.detach': 'terminal.watch',
  'term.list': 'terminal.watch',
  'term.input': 'terminal.input',
  'term.resize': 'terminal.resize',
  'term.close': 'terminal.close',
};
