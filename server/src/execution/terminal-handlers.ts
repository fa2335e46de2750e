/**
 * Terminals and environment start on the workspace socket: one handler per message
 * type of docs/protocols.md, registered on the socket's dispatch table. Each socket
 * gets one `TerminalSubscriber` (its frames go out through the session, and its
 * unsent bytes are what the terminal layer watches to skip a slow reader ahead),
 * detached from every terminal when the socket closes.
 *
 * Every failure becomes an `error` reply with a stable code: `invalid_message` for
 * a bad field, `forbidden` for a viewer acting, the executor's own codes
 * (`terminal_not_found`, `environment_failed`, ...) for the rest.
 */
import { ExecutorError, type ExecutorService, type TerminalSubscriber } from '@tandem/executor';
import type { ServerContext } from '../context';
import type { WorkspaceSession, WorkspaceSocket } from '../workspace-socket/workspace-socket';
import { TERMINAL_COMMAND_TYPES, needsEditor, parseTerminalCommand, type TerminalCommand } from './terminal-messages';

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

  const execute = async (session: WorkspaceSession, command: TerminalCommand): Promise<void> => {
    const ws = session.workspaceId;
    switch (command.type) {
      case 'env.start':
        // The answer is the env.status broadcast; a failure also reaches the asker as an error.
        return executor.ensureStarted(ws);
      case 'term.open': {
        const live = executor.listTerminals(ws).filter((t) => !t.exited).length + (opening.get(ws) ?? 0);
        if (live >= options.maxTerminalsPerWorkspace) {
          throw new ReplyError('terminal_limit', `A workspace runs at most ${options.maxTerminalsPerWorkspace} terminals; close one first`);
        }
        opening.set(ws, (opening.get(ws) ?? 0) + 1);
        try {
          const subscriber = subscriberOf(session);
          const opened = await executor.openTerminal(ws, { cols: command.cols, rows: command.rows }, subscriber);
          // The socket closed while the environment started: do not keep it attached.
          if (session.closed) executor.detachTerminal(ws, opened.termId, subscriber);
          announceList(ws);
        } finally {
          const left = (opening.get(ws) ?? 1) - 1;
          if (left > 0) opening.set(ws, left);
          else opening.delete(ws);
        }
        return;
      }
      case 'term.attach':
        return executor.attachTerminal(ws, command.termId, command.since, subscriberOf(session));
      case 'term.detach':
        return executor.detachTerminal(ws, command.termId, subscriberOf(session));
      case 'term.input':
        return executor.writeTerminal(ws, command.termId, command.data);
      case 'term.resize':
        return executor.resizeTerminal(ws, command.termId, command.cols, command.rows);
      case 'term.close':
        executor.closeTerminal(ws, command.termId);
        return announceList(ws);
      case 'term.list':
        void session.send({ type: 'term.list', terminals: executor.listTerminals(ws) });
    }
  };

  for (const type of TERMINAL_COMMAND_TYPES) {
    socket.handle(type, async (session, message) => {
      const parsed = parseTerminalCommand(message);
      if (!parsed.ok) return session.error('invalid_message', parsed.reason, message.ref);
      // The role is read per message: a member demoted to viewer mid-session stops typing at once.
      if (needsEditor(parsed.command.type) && session.role === 'viewer') {
        return session.error('forbidden', 'Viewers may watch terminals but not start, type into, resize or close them', message.ref);
      }
      try {
        await execute(session, parsed.command);
      } catch (error) {
        if (error instanceof ExecutorError || error instanceof ReplyError) return session.error(error.code, error.message, message.ref);
        ctx.log.error({ err: error, type: message.type, workspaceId: session.workspaceId }, 'terminal message failed');
        session.error('internal', 'The server could not handle that message', message.ref);
      }
    });
  }

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
