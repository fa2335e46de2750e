/**
 * The composition root: builds every part from the configuration, wires them
 * together, and listens on one port (API, WebSockets and the built IDE).
 */
import { join } from 'node:path';
import {
  migrate,
  openDatabase,
  PgDocumentStore,
  startEmbeddedPostgres,
  type Database,
} from '@tandem/persistence';
import { registerApiRoutes } from './api/routes';
import { registerArchiveRoutes } from './api/archive-routes';
import { probeDatabase } from './api/health';
import { createAccess } from './access';
import { createAuthenticator } from './auth/authenticator';
import type { Config } from './config';
import type { DatabaseStatus, ServerContext } from './context';
import { WorkspaceEvents } from './events';
import { DatabaseWatch } from './health/database-watch';
import { hostGate } from './http/host-gate';
import { HostPolicy } from './http/host-policy';
import { mountRouter } from './http/uws-adapter';
import { Router } from './http/router';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { startNotifications } from './notifications/start-notifications';
import { watchReviewerAccess } from './reviews/reviewer-access-watch';
import { serveStatic } from './static-files';
import { startExecution } from './execution/execution';
import { startLanguageService, type LanguageService } from './language/language-service';
import { startThreadFeed } from './threads/thread-feed';
import { DocumentHub } from './sync/document-hub';
import { ReplicaFanout } from './sync/replica-fanout';
import { PresenceFanout } from './sync/presence-fanout';
import { registerSyncEndpoint } from './sync/sync-endpoint';
import { uws, type us_listen_socket } from './uws';
import { registerWorkspaceSocket } from './workspace-socket/workspace-socket';
import { startReplicas, type Replicas } from './replicas/replicas';
import { forwardRun, registerInternalRun } from './replicas/run-forwarding';

export interface RunningServer {
  url: string;
  port: number;
  context: ServerContext;
  router: Router;
  /** Python intelligence (tests and the benchmark reach its workspaces). */
  language: LanguageService;
  /** Leases and forwarding among replicas (issue 14). */
  replicas: Replicas;
  /** Stops accepting, persists every document, closes the database (and the embedded server). */
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /**
   * The server cannot go on: the embedded PostgreSQL failed repeatedly and will not be
   * started again. `main.ts` logs it and stops the process; the default only logs.
   */
  onFatal?: (error: Error) => void;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  const onFatal = options.onFatal ?? ((err: Error) => log.fatal({ err }, err.message));
  // Set once the database is open; the supervisor's events before that only restart it.
  let watch: DatabaseWatch | undefined;

  let embedded: { url: string; stop(): Promise<void> } | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: join(config.dataDir, 'postgres'),
      log,
      onEvent: (event) => {
        watch?.embeddedEvent(event);
        if (event.kind === 'gave-up') onFatal(event.error);
      },
    });
    databaseUrl = embedded.url;
    log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  }
  let db: Database | undefined;
  try {
    // An idle connection that broke (PostgreSQL restarted or went away): probe at once.
    db = await openDatabase(databaseUrl, { onIdleError: () => watch?.suspect() });
    await migrate(db, { log });
  } catch (err) {
    await db?.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw err;
  }

  const notify = config.replicaFanout ? { replicaId: config.replicaId } : undefined;
  const store = new PgDocumentStore(db, { groupCommitWindowMs: config.groupCommitMs, log, notify });
  const events = new WorkspaceEvents();
  const auth = createAuthenticator(db, config);
  const access = createAccess(db);
  const hosts = new HostPolicy({
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
    allowedOrigins: config.allowedOrigins,
    bindHost: config.host,
  });
  watch = new DatabaseWatch({ probe: () => probeDatabase({ db }), intervalMs: config.databaseProbeMs, log, metrics });
  void watch.start();
  // The status `context.database` holds at each call, as the routes read it (persist-failure.integration.test.ts puts another there for a while).
  const database: DatabaseStatus = {
    get available() {
      return context.database.available;
    },
    suspect: () => context.database.suspect(),
  };

  const app = uws.App();
  const presence = config.replicaFanout ? new PresenceFanout(config.replicaId, db.raw, log, metrics) : null;
  const hub = new DocumentHub({
    store,
    database,
    events,
    log,
    metrics,
    limits: config,
    broadcast: (topic, bytes) => void app.publish(topic, bytes, true),
    presenceOut: presence,
  });
  const context: ServerContext = {
    config,
    log,
    metrics,
    db,
    store,
    events,
    auth,
    hosts,
    access,
    documents: hub.documents,
    database: watch,
    lifecycle: { stopping: false },
  };
  const replicas = config.replicaFanout ? await ReplicaFanout.start(context, hub.replicas, presence?.receiver(hub.presence)) : null;

  registerSyncEndpoint(app, context, hub.connections);
  const workspaceSocket = registerWorkspaceSocket(app, context);
  // Environments have one owner among the replicas; sockets are routed to it (issue 14).
  let onLeaseLost = (_workspaceId: string) => {};
  const replicaSet = await startReplicas(context, workspaceSocket, (id) => onLeaseLost(id));
  const routedSocket = replicaSet.routing.socket;
  context.replicaHealth = () => replicaSet.describe();
  const notifications = await startNotifications(app, context);
  const threadFeed = await startThreadFeed(context, workspaceSocket);
  const router = new Router();
  registerApiRoutes(router, context);
  watchReviewerAccess(events);
  const execution = await startExecution(context, routedSocket, router, {
    leases: replicaSet.leases,
    onAbandoned: (id) => replicaSet.abandoned(id),
    handOverOnClose: config.replicas.internal !== null,
    ...(config.replicas.internal ? { forwardRun: forwardRunWith(config.replicas.internal.secret, config.execution.runTimeoutMs) } : {}),
  });
  if (replicaSet.internal && config.replicas.internal) registerInternalRun(replicaSet.internal.router, context, config.replicas.internal.secret, execution.runHere);
  onLeaseLost = (id) => execution.executor.abandon(id);
  replicaSet.setInUse((id) => workspaceSocket.sessions(id).length > 0 || execution.executor.status(id).state !== 'stopped');
  registerArchiveRoutes(router, context, { leftOut: (id) => execution.unloadedPaths(id) });
  const language = startLanguageService(context, routedSocket, {
    tools: (workspaceId) => execution.executor.languageTools(workspaceId),
    spawn: (workspaceId, argv) => execution.executor.spawnProcess(workspaceId, argv),
    state: (workspaceId) => execution.executor.status(workspaceId).state,
    onState: (listener) => execution.onEnvironmentState(listener),
    onCommandsSettled: (listener) => execution.onPullDone(listener),
  });
  const httpRequests = metrics.counter('tandem_http_requests_total', 'HTTP requests by method and status');
  mountRouter(app, router, {
    bodyLimit: config.maxBodyBytes,
    log,
    prefixes: ['/api', '/metrics'],
    screen: hostGate(hosts),
    fallback: serveStatic(config.webDir ?? join(import.meta.dirname, '..', '..', 'web', 'out')),
    onResponse: (method, status) => httpRequests.inc({ method, status: String(status) }),
  });

  const listenSocket = await new Promise<us_listen_socket>((resolve, reject) => {
    app.listen(config.host, config.port, (socket) => {
      if (socket) resolve(socket);
      else reject(new Error(`Could not listen on ${config.host}:${config.port} (port in use?)`));
    });
  });
  const port = uws.us_socket_local_port(listenSocket);
  hosts.listeningOn(port);
  log.info({ hosts: hosts.describe() }, 'answering these host names (TANDEM_PUBLIC_URL, TANDEM_ALLOWED_HOSTS)');
  // Bound to every interface: show loopback, a name the server answers (0.0.0.0 is not one).
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      context.lifecycle.stopping = true;
      uws.us_listen_socket_close(listenSocket);
      // Other replicas' links first: their clients go on to the next owner, not to one stopping.
      replicaSet.stopForwarding();
      workspaceSocket.close();
      // Before the database closes: notifications of the last review changes are still being written.
      await notifications.close();
      await threadFeed.close();
      language.close();
      // Before the documents close: the environments' last changes are applied to them.
      await execution.close();
      // Pushed and pulled: the leases go now, so the next owner need not wait for them to expire.
      await replicaSet.close();
      await replicas?.close();
      await hub.close();
      // After the documents: their clients' departures reach the other replicas.
      await presence?.close();
      await store.close();
      // Closes every remaining socket; the binding has it, its type declarations lag behind.
      (app as unknown as { close(): void }).close();
      watch!.close();
      await db.close();
      await embedded?.stop();
    })());

  return { url, port, context, router, language, replicas: replicaSet, close };
}

function forwardRunWith(secret: string, timeoutMs: number) {
  return (address: string, workspaceId: string, user: { id: string; username: string }, command: string) =>
    forwardRun({ secret }, address, workspaceId, user, command, timeoutMs);
}
