/**
 * A TCP proxy in front of a test server whose forwarding can be stalled: `stall()`
 * stops moving bytes in both directions without closing anything (as a network that
 * silently went away: a NAT that forgot the flow, Wi-Fi gone), `resume()` moves them
 * again, everything held included. Connections made meanwhile are accepted and held
 * too. A close by either end is not passed on while stalled (the other end's bytes
 * are not read, so neither is its FIN); an abortive close is passed on at resume.
 *
 * It listens before its target is known, so that a server can be started with the
 * proxy's address among its allowed hosts (the `Host` check, ADMIT-2).
 */
import { connect, createServer, type Socket } from 'node:net';

export interface StallProxy {
  port: number;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Where connections go from now on. */
  target(port: number, host?: string): void;
  stall(): void;
  resume(): void;
  readonly stalled: boolean;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

export async function startStallProxy(): Promise<StallProxy> {
  const pairs = new Set<Pair>();
  const endLater = new Set<Pair>();
  let to: { host: string; port: number } | null = null;
  let stalled = false;

  const end = (pair: Pair) => {
    if (stalled) return void endLater.add(pair);
    pair.client.destroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  };

  const server = createServer((client) => {
    if (!to) return void client.destroy();
    const upstream = connect(to.port, to.host);
    const pair = { client, upstream };
    pairs.add(pair);
    if (stalled) {
      client.pause();
      upstream.pause();
    }
    // Not pipe(): a pipe resumes its source on 'drain', and a stalled source must stay paused.
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => end(pair)).on('error', () => end(pair));
    upstream.on('close', () => end(pair)).on('error', () => end(pair));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    target(targetPort, host = '127.0.0.1') {
      to = { host, port: targetPort };
    },
    stall() {
      stalled = true;
      for (const { client, upstream } of pairs) {
        client.pause();
        upstream.pause();
      }
    },
    resume() {
      stalled = false;
      for (const { client, upstream } of pairs) {
        client.resume();
        upstream.resume();
      }
      for (const pair of [...endLater]) end(pair);
      endLater.clear();
    },
    get stalled() {
      return stalled;
    },
    close: () =>
      new Promise<void>((resolve) => {
        stalled = false;
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
