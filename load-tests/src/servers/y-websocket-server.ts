// The classic y-websocket server (1.5.x bin/utils.js), as its bin/server.js runs it,
// on loopback. Run as a child process: prints "listening <url>".
import http from 'node:http';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';

const { setupWSConnection } = createRequire(import.meta.url)('y-websocket/bin/utils') as {
  setupWSConnection: (ws: unknown, req: http.IncomingMessage) => void;
};
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_req, res) => res.end('okay'));
wss.on('connection', setupWSConnection);
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`listening http://127.0.0.1:${port}`);
});
