/**
 * A document hub on the in-memory store with fake sockets (sync-test-peers.ts), for
 * tests of the sync core without PostgreSQL or uWebSockets.js. The store's commits go
 * through a gate the test may hold (acks wait) or fail (the database went away).
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import * as Y from 'yjs';
import { MemoryDocumentStorage, MemoryDocumentStore } from '@tandem/persistence';
import type { DatabaseStatus } from '../context';
import { WorkspaceEvents } from '../events';
import { Metrics } from '../metrics';
import { DocumentHub, type DocumentLimits } from './document-hub';
import { FakeTransport, TestClient, type TestClientOptions } from './sync-test-peers';

/** Commits of the store pass when open; held, they wait; failing, the next batch fails with the error. */
export class CommitGate {
  private held: Array<() => void> | null = null;
  private failure: unknown = null;
  /** Batches that reached the gate. */
  batches = 0;

  readonly pass = (): Promise<void> => {
    this.batches++;
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (!this.held) return Promise.resolve();
    const held = this.held;
    return new Promise((resolve) => held.push(resolve));
  };

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const resolve of held) resolve();
  }

  /** The next batch to commit fails with `error`. */
  failNext(error: unknown): void {
    this.failure = error;
  }
}

/** The database status the hub reads; `suspected` counts the parts that saw it fail. */
export class TestDatabaseStatus implements DatabaseStatus {
  available = true;
  suspected = 0;

  suspect(): void {
    this.suspected++;
  }
}

export const TEST_LIMITS: DocumentLimits = {
  maxDocumentBytes: 1024 * 1024,
  maxUnsavedBytes: 1024 * 1024,
  compactEvery: 1000,
  compactMinIntervalMs: 0,
  contentFlushMs: 20,
  unloadAfterMs: 20,
};

export interface TestHub {
  hub: DocumentHub;
  storage: MemoryDocumentStorage;
  store: MemoryDocumentStore;
  gate: CommitGate;
  database: TestDatabaseStatus;
  events: WorkspaceEvents;
  transport: FakeTransport;
  workspaceId: string;
  /** A new file item in the storage. */
  item(): string;
  /** A connected client of the item (editor with acks unless told otherwise). */
  client(itemId: string, options?: Partial<TestClientOptions>): TestClient;
  /** The item's text as the store would load it. */
  storedText(itemId: string): Promise<string>;
  close(): Promise<void>;
}

export function startTestHub(limits: Partial<DocumentLimits> = {}): TestHub {
  const storage = new MemoryDocumentStorage();
  const gate = new CommitGate();
  const store = new MemoryDocumentStore(storage, { commitGate: gate.pass });
  const database = new TestDatabaseStatus();
  const events = new WorkspaceEvents();
  const transport = new FakeTransport();
  const workspaceId = randomUUID();
  const hub = new DocumentHub({
    store,
    database,
    events,
    log: pino({ level: 'silent' }),
    metrics: new Metrics(),
    limits: { ...TEST_LIMITS, ...limits },
    broadcast: transport.broadcast,
  });
  return {
    hub,
    storage,
    store,
    gate,
    database,
    events,
    transport,
    workspaceId,
    item: () => storage.createItem(),
    client: (itemId, options = {}) => new TestClient(transport, hub.connections, { workspaceId, itemId, ...options }).connect(),
    async storedText(itemId) {
      const loaded = await store.load(itemId);
      const doc = new Y.Doc();
      if (loaded.state) Y.applyUpdate(doc, loaded.state);
      for (const update of loaded.updates) Y.applyUpdate(doc, update);
      return doc.getText('content').toString();
    },
    async close() {
      gate.release();
      await hub.close();
      await store.close();
    },
  };
}
