import { describe, expect, it } from 'vitest';
import { baselineOf } from './baseline';
import { toPushChanges } from './push-batch';

const noFiles = async () => [];
const fail = () => {
  throw new Error('unexpected');
};

describe('toPushChanges', () => {
  it('drops a write of what the environment already holds (no echo of pulled changes)', async () => {
    const baseline = baselineOf([{ path: 'out.txt', content: 'from the command\n' }], 1024);
    const batch = { deletes: [], ops: [{ kind: 'write' as const, path: 'out.txt', content: 'from the command\n' }] };
    expect(await toPushChanges(batch, baseline, noFiles, fail)).toEqual([]);
  });

  it('writes again what a delete in the same batch removed', async () => {
    const baseline = baselineOf([{ path: 'd/a.txt', content: 'a' }], 1024);
    const batch = { deletes: ['d'], ops: [{ kind: 'write' as const, path: 'd/a.txt', content: 'a' }] };
    expect(await toPushChanges(batch, baseline, noFiles, fail)).toEqual([
      { kind: 'delete', path: 'd' },
      { kind: 'write', path: 'd/a.txt', content: 'a' },
    ]);
  });

  it("sends a renamed folder's files from the source", async () => {
    const files = async () => [{ path: 'src/lib/a.py', content: 'a' }, { path: 'other.py', content: 'o' }];
    const batch = { deletes: ['lib'], ops: [{ kind: 'resync' as const, path: 'src/lib' }] };
    expect(await toPushChanges(batch, new Map(), files, fail)).toEqual([
      { kind: 'delete', path: 'lib' },
      { kind: 'write', path: 'src/lib/a.py', content: 'a' },
      { kind: 'mkdir', path: 'src/lib' },
    ]);
  });

  it('skips a document whose content cannot be read, and reports it', async () => {
    const unreadable: string[] = [];
    const batch = { deletes: [], ops: [{ kind: 'write' as const, path: 'gone.py', content: () => { throw new Error('closed'); } }] };
    expect(await toPushChanges(batch, new Map(), noFiles, (path) => unreadable.push(path))).toEqual([]);
    expect(unreadable).toEqual(['gone.py']);
  });
});
