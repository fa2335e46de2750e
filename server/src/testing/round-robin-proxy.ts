/**
 * A TCP load balancer for the replica tests and load runs: each new connection goes
 * to the next backend in turn (as a Kubernetes Service without affinity spreads
 * them), skipping a backend that refuses the connection. A WebSocket is one
 * connection, so it stays on the replica it reached. It remembers where each
 * connection went, so a test can say which replica a client is on.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface Backend {
  name: string;
  port: number;
}

export interface RoundRobinProxy {
  port: number;
  url: string;
  wsUrl: string;
  /** Backend names in the order connections were sent to them. */
  readonly routed: string[];
  /** Replaces a backend's port (a replica restarted on another one). */
  setBackend(name: string, port: number): void;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(backends: Backend[]): Promise<RoundRobinProxy> {
  const list = backends.map((b) => ({ ...b }));
  const sockets = new Set<Socket>();
  const routed: string[] = [];
  let next = 0;

  const pipeTo = (client: Socket, attempt: number) => {
    if (client.destroyed) return;
    if (attempt >= list.length) return void client.destroy();
    const backend = list[next++ % list.length]!;
    const upstream = connect(backend.port, '127.0.0.1');
    sockets.add(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      routed.push(backend.name);
      client.on('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected) pipeTo(client, attempt + 1); // refused: the next backend
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      if (connected) client.destroy();
    });
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('error', () => client.destroy());
    client.on('close', () => sockets.delete(client));
    pipeTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    routed,
    setBackend: (name, newPort) => {
      const backend = list.find((b) => b.name === name);
      if (backend) backend.port = newPort;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
