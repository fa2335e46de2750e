import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['protocol/src/**/*.test.ts', 'anchors/src/**/*.test.ts', 'persistence/src/**/*.test.ts', 'executor/src/**/*.test.ts', 'server/src/**/*.test.ts', 'load-tests/src/**/*.test.ts', 'web/src/**/*.test.ts'],
    // One embedded PostgreSQL for the whole run; each test file creates its own database.
    globalSetup: ['persistence/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // expect.poll waits for something that must happen. Its default of 1 s is too short
    // for a browser under the whole suite on two cores (CI saw a focus move take longer);
    // a poll that succeeds returns as soon as it does, so only a failure waits longer.
    expect: { poll: { timeout: 10_000 } },
  },
});
