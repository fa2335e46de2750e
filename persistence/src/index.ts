/**
 * @tandem/persistence: PostgreSQL for Tandem. The embedded server (the default when
 * no DATABASE_URL is set), the database handle, migrations, typed errors, the domain
 * queries, and the document store (the update log the sync server writes to).
 * Test helpers live in `@tandem/persistence/testing`.
 */
export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded';
export type { EmbeddedPostgresEvent } from './embedded-supervisor';
export { DEFAULT_RESTART_POLICY, type RestartPolicy } from './restart-policy';
export { openDatabase, type Database, type OpenDatabaseOptions } from './database';
export { migrate, loadMigrations, MIGRATIONS_DIR, type MigrateOptions, type MigrateResult } from './migrate';
export type { DocumentStore, DocumentStoreStats, LoadedDocument, StoredUpdate } from './document-store';
export { PgDocumentStore, type PgDocumentStoreOptions } from './pg-document-store';
export { MemoryDocumentStore, type MemoryDocumentStoreOptions } from './memory-document-store';
export { MemoryDocumentStorage } from './memory-document-storage';
export { UpdateFeed, type FeedGap, type UpdateFeedHandlers, type UpdateFeedOptions } from './update-feed';
export { UPDATE_CHANNEL, type ItemSeqs, type UpdateNotice } from './notify-payload';
export { ChannelListener, type ChannelHandlers, type ChannelListenerOptions } from './channel-listener';
export { NOTIFICATION_CHANNEL, decodeNotificationNotice, encodeNotificationNotice, type NotificationNotice } from './notification-notice';
export { THREAD_CHANNEL, decodeThreadNotice, encodeThreadNotice, type ThreadNotice } from './thread-notice';
export { DEFAULT_GROUP_COMMIT_LIMITS, type GroupCommitLimits } from './group-commit-policy';
export type { PersistenceLogger } from './logger';
export * from './errors';
export * from './queries/index';
export { inTransaction, type Transaction } from './transaction';
