/**
 * Terminals and environment start on the workspace socket: one handler per message
 * type of docs/protocols.md, registered on the socket's dispatch table, each given
 * its message already parsed and valid (`@tandem/protocol`). Each socket
 * gets one `TerminalSubscriber` (its frames go out through the session, and its
 * unsent bytes are what the terminal layer watches to skip a slow reader ahead),
 * detached from every terminal when the socket closes.
 *
 * Every failure becomes an `error` reply with a stable code: `invalid_message` for
 * a bad field (answered by the socket before any handler), `forbidden` for a role the
 * policy does not let act (auth/policy.ts, terminal-actions.ts), the executor's own
 * codes (`terminal_not_found`, `environment_failed`, ...) for the rest.
 */
import { ExecutorError, TerminalNotFoundError, type ExecutorService, type TerminalSubscriber } from '@tandem/executor';
import { TERMINAL_COMMAND_TYPES, type ClientMessageOf, type TerminalCommandType } from '@tandem/protocol';
import { can, wsRefusal } from '../auth/policy';
import type { ServerContext } from '../context';
import type { WorkspaceSession, WorkspaceSocket } from '../workspace-socket/workspace-socket';
import { TERMINAL_ACTIONS } from './terminal-actions';

export interface TerminalHandlerOptions {
  maxTerminalsPerWorkspace: number;
}

export function registerTerminalHandlers(
  ctx: ServerContext,
  socket: WorkspaceSocket,
  executor: ExecutorService,
  options: TerminalHandlerOptions,
): () => void {
  const subscribers = new WeakMap<WorkspaceSession, TerminalSubscriber>();
  // Opens in flight count against the limit too, so a burst of term.open cannot overshoot it.
  const opening = new Map<string, number>();

  const subscriberOf = (session: WorkspaceSession): TerminalSubscriber => {
    let subscriber = subscribers.get(session);
    if (!subscriber) {
      subscriber = { send: (message) => void session.send(message), bufferedAmount: () => session.bufferedAmount() };
      subscribers.set(session, subscriber);
    }
    return subscriber;
  };

  // Everyone in the workspace learns about a terminal opened or closed by someone else,
  // so a shared terminal shows up without polling.
  const announceList = (ws: string) => socket.sendToWorkspace(ws, { type: 'term.list', terminals: executor.listTerminals(ws) });

  type Run<T extends TerminalCommandType> = (session: WorkspaceSession, message: ClientMessageOf<T>) => void | Promise<void>;
  // One entry per message type (a type without one does not compile); each gets its message parsed and valid.
  const runs: { [T in TerminalCommandType]: Run<T> } = {
    // The answer is the env.status broadcast; a failure also reaches the asker as an error.
    'env.start': (session) => executor.ensureStarted(session.workspaceId),
    'term.open': async (session, { cols, rows }) => {
      const ws = session.workspaceId;
      const live = executor.listTerminals(ws).filter((t) => !t.exited).length + (opening.get(ws) ?? 0);
      if (live >= options.maxTerminalsPerWorkspace) {
        throw new ReplyError('terminal_limit', `A workspace runs at most ${options.maxTerminalsPerWorkspace} terminals; close one first`);
      }
      opening.set(ws, (opening.get(ws) ?? 0) + 1);
      try {
        const subscriber = subscriberOf(session);
        const opened = await executor.openTerminal(ws, { cols, rows }, subscriber);
        // The socket closed while the environment started: do not keep it attached.
        if (session.closed) executor.detachTerminal(ws, opened.termId, subscriber);
        announceList(ws);
      } finally {
        const left = (opening.get(ws) ?? 1) - 1;
        if (left > 0) opening.set(ws, left);
        else opening.delete(ws);
      }
    },
    'term.attach': async (session, { termId, since }) => {
      const ws = session.workspaceId;
      try {
        executor.attachTerminal(ws, termId, since, subscriberOf(session));
      } catch (error) {
        // This replica just took the workspace over (its owner died or stopped): its shells
        // run on under their holders, and starting the environment here takes them back.
        if (!(error instanceof TerminalNotFoundError) || executor.status(ws).state !== 'stopped' || !can(session.role, 'env.start')) throw error;
        await executor.ensureStarted(ws);
        executor.attachTerminal(ws, termId, since, subscriberOf(session));
      }
    },
    'term.detach': (session, { termId }) => executor.detachTerminal(session.workspaceId, termId, subscriberOf(session)),
    'term.input': (session, { termId, data }) => executor.writeTerminal(session.workspaceId, termId, data),
    'term.resize': (session, { termId, cols, rows }) => executor.resizeTerminal(session.workspaceId, termId, cols, rows),
    'term.close': (session, { termId }) => {
      executor.closeTerminal(session.workspaceId, termId);
      announceList(session.workspaceId);
    },
    'term.list': (session) => void session.send({ type: 'term.list', terminals: executor.listTerminals(session.workspaceId) }),
  };

  const register = <T extends TerminalCommandType>(type: T) =>
    socket.handle(type, async (session, message, ref) => {
      // The role is read per message: a member demoted to viewer mid-session stops typing at once.
      const refused = wsRefusal(session.role, TERMINAL_ACTIONS[type]);
      if (refused) return session.error(refused.code, refused.message, ref);
      try {
        await runs[type](session, message);
      } catch (error) {
        if (error instanceof ExecutorError || error instanceof ReplyError) return session.error(error.code, error.message, ref);
        ctx.log.error({ err: error, type, workspaceId: session.workspaceId }, 'terminal message failed');
        session.error('internal', 'The server could not handle that message', ref);
      }
    });
  for (const type of TERMINAL_COMMAND_TYPES) register(type);

  return socket.onSessionClose((session) => {
    const subscriber = subscribers.get(session);
    if (subscriber) executor.detachAll(session.workspaceId, subscriber);
  });
}

class ReplyError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
