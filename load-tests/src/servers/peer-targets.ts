// The peers we compare against, each in its own process on loopback.
import { fileURLToPath } from 'node:url';
import type { Target } from '../generator/target';
import type { WireKind } from '../generator/wire';
import { spawnServer } from './spawn-server';

const script = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const PEERS: Record<string, { file: string; wire: WireKind }> = {
  'y-websocket': { file: './y-websocket-server.ts', wire: 'yjs' },
  hocuspocus: { file: './hocuspocus-server.ts', wire: 'hocuspocus' },
  relay: { file: './relay-server.ts', wire: 'yjs' },
  'relay-uws': { file: './relay-uws-server.ts', wire: 'yjs' },
};

export const peerNames = Object.keys(PEERS);

export async function startPeer(name: string, runId = Date.now().toString(36)): Promise<Target> {
  const peer = PEERS[name];
  if (!peer) throw new Error(`unknown peer ${name}; known: ${peerNames.join(', ')}`);
  const server = await spawnServer(name, ['--import', 'tsx', script(peer.file)], {
    env: { PORT: '0', NODE_ENV: 'production' },
  });
  const ws = server.origin.replace(/^http/, 'ws');
  let generation = 0;
  return {
    name,
    wire: peer.wire,
    pid: server.pid,
    // Each load point gets fresh document names, so it never inherits the last one's text.
    endpoint: (doc) => {
      const documentName = `doc-${runId}-${generation}-${doc}`;
      // Hocuspocus takes the document name from the frames; the others from the path.
      return { url: peer.wire === 'hocuspocus' ? ws : `${ws}/${documentName}`, documentName };
    },
    prepare: async () => {
      generation++;
    },
    stop: server.stop,
  };
}
