/**
 * `npm start`: read the configuration once, start everything, print where to go,
 * and shut down cleanly on SIGINT/SIGTERM (every accepted update persisted).
 */
import { startServer, type RunningServer } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  let server: RunningServer | undefined;
  let stopping = false;
  const stop = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    if (!server) process.exit(exitCode);
    // Hand leases over, flush, close sockets with 4503; past the grace, stop anyway (the
    // Deployment's terminationGracePeriodSeconds leaves room for it, k8s/base/deployment.yaml).
    setTimeout(() => {
      log.error({ graceMs: config.shutdownGraceMs }, 'shutdown took longer than TANDEM_SHUTDOWN_GRACE_MS; stopping now');
      process.exit(1);
    }, config.shutdownGraceMs).unref();
    server.close().then(
      () => process.exit(exitCode),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // The embedded PostgreSQL will not come back (embedded-supervisor.ts gave up): stop,
  // rather than serve 503s until someone notices. Nothing can be flushed, so do not wait long.
  const onFatal = (err: Error) => {
    log.fatal({ err }, err.message);
    process.stderr.write(`Tandem is stopping: ${err.message}\n`);
    setTimeout(() => process.exit(1), 10_000).unref();
    stop('fatal', 1);
  };
  server = await startServer(config, { log, onFatal });
  log.info({ url: server.url }, `Tandem listening on ${server.url}`);
  // For people and scripts, whatever LOG_LEVEL says (stderr keeps stdout pure JSON lines).
  process.stderr.write(`Tandem listening on ${server.url} (open it in a browser)\n`);

  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
