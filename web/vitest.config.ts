import { defineConfig } from 'vitest/config';

// The IDE's pure logic (tree, save state, terminal streams, cursor styles): no database, no browser.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
