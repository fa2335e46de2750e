/**
 * A TCP proxy that holds every byte on its way to the target for `delayMs` (bytes
 * coming back pass at once), in order: each round trip to PostgreSQL through it
 * takes `delayMs` longer, so every query is that much slower. For the slow-database
 * chaos test.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

export async function startDelayProxy(target: { host: string; port: number }, delayMs: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const due: Array<{ at: number; chunk: Buffer }> = [];
    let timer: NodeJS.Timeout | null = null;
    const pump = () => {
      timer = null;
      const now = performance.now();
      while (due.length > 0 && due[0]!.at <= now) upstream.write(due.shift()!.chunk);
      if (due.length > 0) timer = setTimeout(pump, due[0]!.at - now);
    };
    client.on('data', (chunk: Buffer) => {
      due.push({ at: performance.now() + delayMs, chunk });
      timer ??= setTimeout(pump, delayMs);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      if (timer) clearTimeout(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
