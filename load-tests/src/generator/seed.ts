// Fills document 0 with a large text before clients join it, and keeps the
// writer connected: servers without persistence drop a document with its last client.
import { setTimeout as sleep } from 'node:timers/promises';
import { SyncClient } from './client';
import type { Target } from './target';
import { wireFor } from './wire';
import { ServerFailed } from '../errors';

export async function seedDocument(target: Target, bytes: number, timeoutMs: number): Promise<SyncClient> {
  const open = (tag: string) => {
    const { url, documentName } = target.endpoint(0, 0);
    return new SyncClient({ url, wire: wireFor(target.wire, documentName), tag, connectTimeoutMs: timeoutMs, onDelivery() {} });
  };
  const seeder = open('seed');
  await seeder.connect();
  const line = 'const value = "the quick brown fox jumps over the lazy dog";\n';
  seeder.sendUpdate(line.repeat(Math.ceil(bytes / line.length)));
  // The server has it once a fresh client's snapshot is that large.
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const probe = open('probe');
    await probe.connect();
    const size = probe.snapshotBytes;
    await probe.close();
    if (size >= bytes) return seeder;
    await sleep(250);
  }
  await seeder.close();
  throw new ServerFailed(`${target.name}: document was not seeded with ${bytes} bytes within ${timeoutMs} ms`);
}
