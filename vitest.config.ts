import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['protocol/src/**/*.test.ts', 'anchors/src/**/*.test.ts', 'persistence/src/**/*.test.ts', 'executor/src/**/*.test.ts', 'server/src/**/*.test.ts', 'load-tests/src/**/*.test.ts', 'web/src/**/*.test.ts'],
    // One embedded PostgreSQL for the whole run; each test file creates its own database.
    globalSetup: ['persistence/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
