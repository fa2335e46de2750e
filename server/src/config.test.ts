import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('replica fan-out', () => {
  it('is on with an external database and off with the embedded one, unless set', () => {
    expect(loadConfig({}).replicaFanout).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db:5432/tandem' }).replicaFanout).toBe(true);
    expect(loadConfig({ TANDEM_REPLICA_FANOUT: 'on' }).replicaFanout).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db:5432/tandem', TANDEM_REPLICA_FANOUT: 'off' }).replicaFanout).toBe(false);
  });
});
