import { describe, expect, it } from 'vitest';
import { documentStoreContract, type DocumentStoreHarness } from './document-store.contract';
import { DatabaseUnavailableError } from './errors';
import { MemoryDocumentStorage } from './memory-document-storage';
import { MemoryDocumentStore } from './memory-document-store';

async function memoryHarness(): Promise<DocumentStoreHarness> {
  const storage = new MemoryDocumentStorage();
  const others: MemoryDocumentStore[] = [];
  const harness: DocumentStoreHarness = {
    store: new MemoryDocumentStore(storage),
    createItem: async () => storage.createItem(),
    deleteItem: async (itemId) => storage.deleteItem(itemId),
    readContent: async (itemId) => storage.content(itemId)!,
    unstorableItemId: 'not-a-uuid',
    async openAnother() {
      const other = new MemoryDocumentStore(storage);
      others.push(other);
      return other;
    },
    async reopen() {
      await harness.store.close();
      harness.store = new MemoryDocumentStore(storage);
      return harness.store;
    },
    async dispose() {
      for (const other of others) await other.close();
      await harness.store.close();
    },
  };
  return harness;
}

documentStoreContract('memory', memoryHarness);

describe('MemoryDocumentStore specifics', () => {
  it('commits the appends of one tick in one batch', async () => {
    const storage = new MemoryDocumentStorage();
    const store = new MemoryDocumentStore(storage);
    const itemId = storage.createItem();
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(itemId, Uint8Array.of(i))));
    expect(store.stats()).toMatchObject({ batches: 1, lastBatchSize: 50, pendingUpdates: 0 });
  });

  it('holds a batch until its commit gate opens, and fails it when the gate rejects', async () => {
    const storage = new MemoryDocumentStorage();
    let open!: () => void;
    let gates = 0;
    const store = new MemoryDocumentStore(storage, {
      commitGate: () => (++gates === 1 ? new Promise<void>((resolve) => (open = resolve)) : Promise.reject(new DatabaseUnavailableError('database_unavailable', 'away'))),
    });
    const itemId = storage.createItem();
    let committed = false;
    const held = store.append(itemId, Uint8Array.of(1)).then((seq) => ((committed = true), seq));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(committed).toBe(false);
    expect(storage.logLength(itemId)).toBe(0);
    open();
    await expect(held).resolves.toBeTypeOf('bigint');
    await expect(store.append(itemId, Uint8Array.of(2))).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(storage.logLength(itemId)).toBe(1);
  });
});
