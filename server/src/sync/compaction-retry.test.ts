import { describe, expect, it } from 'vitest';
import { compactionRetryDelayMs, mayUnloadUncompacted, UNLOAD_AFTER_FAILED_COMPACTIONS } from './compaction-retry';

describe('compaction retry', () => {
  it('backs off exponentially from one second to a minute', () => {
    expect([1, 2, 3, 4, 6, 7, 30].map(compactionRetryDelayMs)).toEqual([1000, 2000, 4000, 8000, 32_000, 60_000, 60_000]);
  });

  it('lets a document unload uncompacted only after repeated failures', () => {
    expect(mayUnloadUncompacted(0)).toBe(false);
    expect(mayUnloadUncompacted(UNLOAD_AFTER_FAILED_COMPACTIONS - 1)).toBe(false);
    expect(mayUnloadUncompacted(UNLOAD_AFTER_FAILED_COMPACTIONS)).toBe(true);
  });
});
