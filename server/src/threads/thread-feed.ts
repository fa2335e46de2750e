/**
 * Threads, live on `/ws` (docs/protocols.md THREAD-1..3): every write of a thread sends
 * a NOTIFY on `tandem_threads` in its own transaction (thread-notice.ts), and every
 * replica LISTENs, re-reads the thread and sends it to its own sockets of the workspace.
 * So a single server hears its own changes the same way: one path to test.
 *
 * Notices are handled one at a time, in order: two quick changes of one thread reach
 * sockets in the order they committed, the later state last. After a lost LISTEN
 * connection, what changed meanwhile is not pushed (THREAD-4: clients re-list when
 * their socket reconnects, which a server restart or failover also causes).
 */
import { ChannelListener, decodeThreadNotice, findThread, THREAD_CHANNEL, type ThreadNotice } from '@tandem/persistence';
import type { ServerContext } from '../context';
import type { WorkspaceSocket } from '../workspace-socket/workspace-socket';
import { loadThread } from './thread-loader';

export interface ThreadFeed {
  close(): Promise<void>;
}

export async function startThreadFeed(ctx: ServerContext, socket: Pick<WorkspaceSocket, 'sendToWorkspace' | 'sessions'>): Promise<ThreadFeed> {
  const log = ctx.log.child({ component: 'thread-feed' });
  let chain = Promise.resolve();
  let closed = false;

  const deliver = async (notice: ThreadNotice) => {
    if (notice.kind === 'deleted') return socket.sendToWorkspace(notice.workspaceId, { type: 'thread.deleted', threadId: notice.threadId });
    // Nobody here has the workspace open: nothing to read the thread and its document for.
    if (socket.sessions(notice.workspaceId).length === 0) return;
    const row = await findThread(ctx.db.pool, notice.workspaceId, notice.threadId);
    // Deleted since: its own notice follows.
    if (!row || closed) return;
    const thread = await loadThread({ pool: ctx.db.pool, documents: ctx.documents }, row);
    if (!closed) socket.sendToWorkspace(notice.workspaceId, { type: 'thread', thread });
  };

  const listener = await ChannelListener.start(
    { url: ctx.db.url, channel: THREAD_CHANNEL, applicationName: `tandem-threads-${ctx.config.replicaId}`, log },
    {
      onPayload: (payload) => {
        const notice = decodeThreadNotice(payload);
        if (!notice) return void log.warn({ payload }, 'thread feed: a notice this version does not read');
        chain = chain.then(() => deliver(notice)).catch((err: unknown) => log.warn({ err, threadId: notice.threadId }, 'thread feed: could not push a thread'));
      },
      onGap: () => log.warn('thread feed: LISTEN was lost; thread changes meanwhile were not pushed'),
    },
  );
  ctx.metrics.collect('tandem_thread_feed_listening', '1 while the LISTEN connection for comment threads is up', () => (listener.listening ? 1 : 0));
  return {
    async close() {
      closed = true;
      await listener.close();
      await chain;
    },
  };
}
