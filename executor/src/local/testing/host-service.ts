/**
 * A TCP service on the host's every address, for the tests that prove sandboxed
 * processes cannot reach it (the host's loopback stands for the server and PostgreSQL).
 * Call in a describe block: it listens before the tests and closes after.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export const HOST_SERVICE_GREETING = 'host-service\n';

export function hostServiceDuringTests(): { port(): number } {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((socket) => socket.end(HOST_SERVICE_GREETING));
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: () => port };
}
