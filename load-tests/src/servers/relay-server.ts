// A bare `ws` relay that does no Yjs work: it answers sync step 1 with an empty
// step 2 (so clients count as synced) and forwards every other frame, unparsed,
// to the other sockets on the same path. Measures the generator and the socket
// layer alone. Run as a child process: prints "listening <url>".
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const EMPTY_STEP2 = Buffer.from([0, 1, 2, 0, 0]);
const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const server = http.createServer((_req, res) => res.end('relay'));
server.on('upgrade', (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => {
    const key = (req.url ?? '/').split('?')[0]!;
    const room = rooms.get(key) ?? new Set<WebSocket>();
    rooms.set(key, room);
    room.add(ws);
    ws.on('message', (data: Buffer, isBinary) => {
      if (data[0] === 0 && data[1] === 0) return void ws.send(EMPTY_STEP2);
      for (const peer of room) if (peer !== ws) peer.send(data, { binary: isBinary });
    });
    ws.on('close', () => {
      room.delete(ws);
      if (room.size === 0) rooms.delete(key);
    });
  }),
);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`listening http://127.0.0.1:${port}`);
});
