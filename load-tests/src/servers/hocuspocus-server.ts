// @hocuspocus/server with its defaults, no extensions (so nothing is persisted),
// on loopback. Run as a child process: prints "listening <url>".
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT ?? 0), address: '127.0.0.1', quiet: true });
await server.listen();
const { port } = server.httpServer.address() as { port: number };
console.log(`listening http://127.0.0.1:${port}`);
