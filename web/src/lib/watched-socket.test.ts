// Against a real `ws` server: one that goes silent, one that beats.
import { WebSocketServer, WebSocket as NodeWebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@tandem/protocol';
import { WatchedSocket } from './watched-socket';

const servers: WebSocketServer[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function server(onConnection: (socket: NodeWebSocket) => void): Promise<string> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(wss);
  wss.on('connection', onConnection);
  await new Promise((r) => wss.once('listening', r));
  return `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
}

const Impl = NodeWebSocket as unknown as new (url: string) => WebSocket;

function closed(socket: WatchedSocket): Promise<{ code: number; at: number }> {
  return new Promise((resolve) => (socket.onclose = (e) => resolve({ code: e.code, at: Date.now() })));
}

describe('WatchedSocket', () => {
  it('BEAT-5: gives up on an open socket that brought nothing past its deadline, with 4408, without waiting for the close', async () => {
    const url = await server(() => {});
    const socket = new WatchedSocket(url, () => 400, Impl);
    const opened = await new Promise<number>((r) => (socket.onopen = () => r(Date.now())));
    const { code, at } = await closed(socket);
    expect(code).toBe(CloseCode.HEARTBEAT_TIMEOUT);
    expect(at - opened).toBeGreaterThanOrEqual(400);
    expect(socket.readyState).toBe(WatchedSocket.CLOSED);
  });

  it('BEAT-5: keeps a socket that hears a beat within every deadline, and has no deadline while it says null', async () => {
    const url = await server((s) => {
      const beat = setInterval(() => s.send('{"type":"heartbeat"}'), 100);
      s.on('close', () => clearInterval(beat));
    });
    let deadline: number | null = null;
    const socket = new WatchedSocket(url, () => deadline, Impl);
    const messages: string[] = [];
    socket.onmessage = (e) => messages.push(String(e.data));
    let gaveUp = false;
    socket.onclose = () => (gaveUp = true);
    await new Promise((r) => setTimeout(r, 800));
    deadline = 400;
    await new Promise((r) => setTimeout(r, 800));
    expect(gaveUp).toBe(false);
    expect(messages.length).toBeGreaterThan(5);
    socket.close();
  });
});
