import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemorySource } from '../contract/memory-source';
import { waitFor } from '../contract/wait-for';
import { createLocalBackend } from '../local/local-backend';
import { ExecutorService } from '../service/executor-service';
import { RecordingSubscriber } from './recording-subscriber';

let dataDir: string;
let service: ExecutorService;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tandem-backpressure-'));
  service = new ExecutorService({
    backend: createLocalBackend({ dataDir, sandbox: 'none' }),
    source: new MemorySource(),
    terminal: { scrollbackUnits: 64 * 1024, highWaterBytes: 16 * 1024, lowWaterBytes: 4 * 1024 },
  });
});
afterAll(async () => {
  await service.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

it('TERM-3: streams a flood to a fast client in full while a stuck one is skipped ahead and then resumes', async () => {
  const fast = new RecordingSubscriber();
  const slow = new RecordingSubscriber();
  const { termId } = await service.openTerminal('flood', { cols: 120, rows: 40 }, fast);
  service.attachTerminal('flood', termId, 0, slow);
  slow.buffered = Number.MAX_SAFE_INTEGER; // a client whose socket does not drain
  service.writeTerminal('flood', termId, 'head -c 600000 /dev/zero | base64 -w 100; echo END-$((1+1))\r');
  await waitFor(() => fast.text().includes('END-2'), 'the end of the flood');
  service.writeTerminal('flood', termId, 'exit 7\r');
  await waitFor(() => fast.messages.some((m) => m.type === 'term.exit'), 'the exit');

  expect(fast.messages.some((m) => m.type === 'term.skipped')).toBe(false);
  expect(fast.checkContiguous()).toBe(fast.text().length);
  expect(fast.text().match(/A{100}/g)!.length).toBeGreaterThanOrEqual(8000);
  expect(fast.messages.at(-1)).toMatchObject({ type: 'term.exit', code: 7 });
  // Frames, not a message per read: 800 KB of output in far fewer messages than lines.
  expect(fast.messages.length).toBeLessThan(8000 / 4);

  const sentWhileStuck = slow.messages.length;
  slow.buffered = 0;
  await waitFor(() => slow.messages.some((m) => m.type === 'term.exit'), 'the slow client to catch up');
  const skip = slow.messages.slice(sentWhileStuck).find((m) => m.type === 'term.skipped');
  expect(skip).toBeDefined();
  expect(slow.checkContiguous()).toBe(fast.checkContiguous());
  expect(slow.text().endsWith(fast.text().slice(-1000))).toBe(true);
  expect(slow.messages.at(-1)).toMatchObject({ type: 'term.exit', code: 7 });
});
