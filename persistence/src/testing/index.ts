/** Test helpers: `@tandem/persistence/testing`. */
export { createTestDatabase, testServerUrl, type TestDatabase } from './test-database';
export { documentStoreContract, type DocumentStoreHarness } from '../document-store.contract';
export { freePort } from '../free-port';
