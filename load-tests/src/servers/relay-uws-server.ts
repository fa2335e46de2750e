// The same bare relay as relay-server.ts on uWebSockets.js (our server's socket layer)
// instead of `ws`: no Yjs, no auth, no persistence. Its CPU is the floor of what any
// server on uWS pays for these sends; ours minus this row is what Tandem itself costs.
// Run as a child process: prints "listening <url>".
import { uws } from '../../../server/src/uws';

const EMPTY_STEP2 = new Uint8Array([0, 1, 2, 0, 0]);

uws
  .App()
  .ws<{ topic: string }>('/*', {
    maxPayloadLength: 16 * 1024 * 1024,
    idleTimeout: 60,
    compression: uws.DISABLED,
    upgrade: (res, req, context) => {
      res.upgrade(
        { topic: req.getUrl() },
        req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'),
        context,
      );
    },
    open: (ws) => void ws.subscribe(ws.getUserData().topic),
    message: (ws, message, isBinary) => {
      const bytes = new Uint8Array(message);
      if (bytes[0] === 0 && bytes[1] === 0) return void ws.send(EMPTY_STEP2, true);
      ws.publish(ws.getUserData().topic, message, isBinary);
    },
  })
  .any('/*', (res) => void res.end('relay'))
  .listen('127.0.0.1', Number(process.env.PORT ?? 0), (socket) => {
    if (!socket) throw new Error('relay-uws could not listen');
    console.log(`listening http://127.0.0.1:${uws.us_socket_local_port(socket)}`);
  });
