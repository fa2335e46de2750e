/**
 * The ports the server's parts use to reach each other, and the context that holds
 * them. `app.ts` builds one ServerContext; endpoints and routes receive it.
 */
import type { DetailedHealth } from '@tandem/protocol';
import type { Database, DocumentStore } from '@tandem/persistence';
import type * as Y from 'yjs';
import type { Role } from './auth/policy';
import type { Config } from './config';
import type { WorkspaceEvents } from './events';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

/** A member's role, or `reviewer`: the grant of an assigned reviewer while the review is open (auth/policy.ts). */
export type { Role };

export interface AuthUser {
  id: string;
  username: string;
  email: string;
  reviewerLevel: number;
  /** How this request proved who it is: cookie sessions need CSRF/origin checks, tokens do not. */
  via: 'session' | 'token';
  sessionId?: string;
}

export interface TokenAdmission {
  user: AuthUser;
  /** null: neither a member nor its assigned reviewer, or no such workspace. */
  role: Role | null;
  /** null: no such item in the workspace. */
  item: { id: string; type: 'file' | 'folder' } | null;
}

export interface Credentials {
  /** The raw Cookie header. */
  cookie?: string;
  /** The raw Authorization header (`Bearer <token>`). */
  authorization?: string;
  /** `?token=` on WebSocket URLs. */
  token?: string;
}

export interface Authenticator {
  authenticate(credentials: Credentials): Promise<AuthUser | null>;
  /**
   * An API token's user, their role in the workspace and the item, in one lookup (the
   * `/sync` upgrade's hot path); null for an unknown token. Both ids must be UUIDs.
   */
  admitToken(token: string, workspaceId: string, itemId: string): Promise<TokenAdmission | null>;
}

/** The host names this server answers to, and the origins that may use its cookies (`http/host-policy.ts`). */
export interface Hosts {
  /** Whether a request with this Host header is for us (DNS rebinding). */
  allowsHost(host: string | undefined): boolean;
  /** Whether a browser page of this origin may act with cookie credentials (CSRF, CSWSH). */
  allowsOrigin(origin: string | undefined): boolean;
}

export interface ItemRef {
  id: string;
  workspaceId: string;
  type: 'file' | 'folder';
  path: string;
}

export interface Access {
  /** The user's role in the workspace (or reviewer grant), or null when they have none (or no such workspace). */
  roleFor(workspaceId: string, userId: string): Promise<Role | null>;
  /** The item if it belongs to the workspace. */
  item(workspaceId: string, itemId: string): Promise<ItemRef | null>;
}

/**
 * Live Yjs documents, for the rest of the server (implemented by the sync layer:
 * sync/live-documents.ts). Read a document or change it through here, never through
 * the sync layer's rooms: a change made here is relayed to the document's clients
 * and committed to the log exactly as a client's update is.
 */
export interface Documents {
  /**
   * Runs `use` on the live document, loading it when this replica does not hold it;
   * it stays loaded until `use` settles. Refused while the server shuts down.
   */
  withDocument<T>(workspaceId: string, itemId: string, use: (live: LiveDocument) => T | Promise<T>): Promise<T>;
  /**
   * Runs `read` on the document: the live one when this replica holds it (kept loaded
   * until `read` settles), else a copy loaded from the store for this call alone, so
   * reading loads nothing. Never change it: use `withDocument`.
   */
  readDocument<T>(itemId: string, read: (doc: Y.Doc) => T | Promise<T>): Promise<T>;
  /** Current text, as `readDocument` reads it. */
  readText(itemId: string): Promise<string>;
  /** Replace the text by a minimal diff applied as a server-side Yjs update (`LiveDocument.change`); resolves once committed. */
  writeText(workspaceId: string, itemId: string, text: string): Promise<void>;
  /** The item was deleted: close its connections (4404) and forget the document. */
  dropItem(itemId: string): void;
  loadedCount(): number;
  connectionCount(): number;
}

/** A document held loaded for one `Documents.withDocument` callback. */
export interface LiveDocument {
  /**
   * The Y.Doc with every accepted update in it (each read integrates what clients sent
   * meanwhile). Read it; change it only through `change`: a change made otherwise is
   * neither saved nor relayed.
   */
  readonly doc: Y.Doc;
  /**
   * Changes the document as the server: `apply` runs in one Yjs transaction with
   * `origin`; what it changed is relayed to the document's clients and appended to the
   * log; resolves once committed, rejects if the commit fails (the document's clients
   * are then closed and it is loaded afresh). `growthBytes` is at most what the change
   * adds to the encoded document. Refused before anything changes, by throwing: past
   * TANDEM_MAX_DOCUMENT_BYTES (`DocumentTooLargeError`), while the database is away
   * (`DatabaseUnavailableError`), with TANDEM_MAX_UNSAVED_BYTES held (`UnsavedLimitError`).
   */
  change(origin: unknown, apply: (doc: Y.Doc) => void, growthBytes: number): Promise<void>;
}

/** Whether the database answers (health/database-watch.ts): readiness, metrics, the log. */
export interface DatabaseStatus {
  readonly available: boolean;
  /** A query failed as if the database were away: check now rather than at the next probe. */
  suspect(): void;
}

/** The process as a whole: readiness answers 503 once it is stopping. */
export interface Lifecycle {
  stopping: boolean;
}

export interface ServerContext {
  config: Config;
  log: Logger;
  metrics: Metrics;
  db: Database;
  store: DocumentStore;
  events: WorkspaceEvents;
  auth: Authenticator;
  hosts: Hosts;
  access: Access;
  documents: Documents;
  database: DatabaseStatus;
  lifecycle: Lifecycle;
  /** Environment ownership among replicas, for /api/health/detailed (set once replicas/replicas.ts started). */
  replicaHealth?: () => DetailedHealth['replicas'];
}
