import { describe, expect, it } from 'vitest';
import { hostGate } from './host-gate';

const gate = hostGate({ allowsHost: (host) => host === '127.0.0.1:8080' });

describe('hostGate', () => {
  it('ADMIT-3: passes an allowed Host and refuses any other with 421 misdirected_request', () => {
    expect(gate('/api/workspaces', { host: '127.0.0.1:8080' })).toBeNull();
    for (const headers of [{ host: 'evil.example:8080' }, {}] as Array<Record<string, string>>) {
      expect(gate('/api/workspaces', headers)).toMatchObject({ status: 421, code: 'misdirected_request' });
      expect(gate('/', headers)).toMatchObject({ status: 421 });
    }
  });

  it('lets probes and scrapers through on any Host: /api/health and below, /metrics', () => {
    for (const path of ['/api/health', '/api/health/ready', '/api/health/detailed', '/metrics']) {
      expect(gate(path, { host: '10.0.3.7:8080' }), path).toBeNull();
    }
    // Only whole segments: a look-alike path is not exempt.
    expect(gate('/api/healthz', { host: '10.0.3.7:8080' })).toMatchObject({ status: 421 });
    expect(gate('/metricsx', { host: '10.0.3.7:8080' })).toMatchObject({ status: 421 });
  });
});
