/**
 * `npm start`: read the configuration once, start everything, print where to go,
 * and shut down cleanly on SIGINT/SIGTERM (every accepted update persisted).
 */
import { startServer } from './app';
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
  const server = await startServer(config, { log });
  log.info({ url: server.url }, `Tandem listening on ${server.url}`);
  // For people and scripts, whatever LOG_LEVEL says (stderr keeps stdout pure JSON lines).
  process.stderr.write(`Tandem listening on ${server.url} (open it in a browser)\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
