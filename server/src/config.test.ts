import { readFileSync } from 'node:fs';
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

describe('host names, operations token, proxies and attempt limits', () => {
  it('defaults to loopback only, open metrics, no trusted proxy, and the documented limits', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ publicUrl: undefined, allowedHosts: [], metricsToken: undefined, trustedProxies: [] });
    expect(config.attemptLimits).toEqual({
      signInFailuresPerUsername: 10,
      signInFailuresPerAddress: 30,
      signInWindowMs: 15 * 60_000,
      registrationsPerAddress: 30,
      registrationWindowMs: 60 * 60_000,
    });
  });

  it('reads the public URL, extra hosts, the token and trusted proxies', () => {
    const config = loadConfig({
      TANDEM_PUBLIC_URL: 'https://tandem.example.com',
      TANDEM_ALLOWED_HOSTS: 'tandem-server.tandem.svc, [fd00::1]:8080',
      TANDEM_METRICS_TOKEN: 'a'.repeat(32),
      TANDEM_TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8',
    });
    expect(config).toMatchObject({
      publicUrl: 'https://tandem.example.com',
      allowedHosts: ['tandem-server.tandem.svc', '[fd00::1]:8080'],
      metricsToken: 'a'.repeat(32),
      trustedProxies: ['10.0.0.0/8', 'fd00::/8'],
    });
    expect(loadConfig({ TANDEM_PUBLIC_URL: '' }).publicUrl).toBeUndefined();
  });

  it.each([
    ['TANDEM_ALLOWED_HOSTS', '*'],
    ['TANDEM_ALLOWED_HOSTS', '*.example.com'],
    ['TANDEM_ALLOWED_HOSTS', 'http://tandem.example.com'],
    ['TANDEM_PUBLIC_URL', 'tandem.example.com'],
    ['TANDEM_PUBLIC_URL', 'https://tandem.example.com/ide'],
    ['TANDEM_PUBLIC_URL', 'https://user:pw@tandem.example.com'],
    ['TANDEM_PUBLIC_URL', 'ftp://tandem.example.com'],
    ['TANDEM_METRICS_TOKEN', 'short'],
    ['TANDEM_METRICS_TOKEN', 'has a space in the middle of it'],
    ['TANDEM_TRUSTED_PROXIES', 'ingress.local'],
    ['TANDEM_SIGNIN_FAILURES_PER_USERNAME', '0'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('the Kubernetes manifests', () => {
  /** The flat `data:`/`stringData:` map of a ConfigMap or Secret (executor/src/kubernetes/manifests.test.ts validates the YAML itself). */
  const read = (path: string): Record<string, string> => {
    const text = readFileSync(new URL(`../../k8s/${path}`, import.meta.url), 'utf8');
    const entries = [...text.matchAll(/^ {2}([A-Z][A-Z0-9_]*): *(.*)$/gm)].map(([, key, value]) => [key!, value!.replace(/^"(.*)"$/, '$1')]);
    return Object.fromEntries(entries);
  };

  it('configure a valid server: base and dev ConfigMaps with their Secrets', () => {
    const base = read('base/configmap.yaml');
    const dev = { ...base, ...read('overlays/dev/configmap-patch.yaml') };
    const example = read('base/secret.example.yaml');
    const devSecret = read('overlays/dev/secret.yaml');
    expect(base).toMatchObject({ HOST: '0.0.0.0', TANDEM_EXECUTOR: 'kubernetes' });
    const prod = loadConfig({ ...base, ...example });
    expect(prod.publicUrl).toBe('https://tandem.example.com');
    expect(prod.metricsToken).toBeDefined();
    expect(prod.trustedProxies.length).toBeGreaterThan(0);
    expect(loadConfig({ ...dev, ...devSecret }).metricsToken).toBeDefined();
  });
});

describe('document size limit', () => {
  it('CLOSE-12: is 32 MiB of encoded state unless set, and at least 1 KiB', () => {
    expect(loadConfig({}).maxDocumentBytes).toBe(32 * 1024 * 1024);
    expect(loadConfig({ TANDEM_MAX_DOCUMENT_BYTES: '65536' }).maxDocumentBytes).toBe(65536);
    expect(() => loadConfig({ TANDEM_MAX_DOCUMENT_BYTES: '10' })).toThrow(/TANDEM_MAX_DOCUMENT_BYTES/);
  });
});

describe('database faults', () => {
  it('CLOSE-11: holds at most 64 MiB unsaved and probes the database every second by default', () => {
    expect(loadConfig({})).toMatchObject({ maxUnsavedBytes: 64 * 1024 * 1024, databaseProbeMs: 1000 });
    expect(loadConfig({ TANDEM_MAX_UNSAVED_BYTES: '1048576', TANDEM_DB_PROBE_MS: '250' })).toMatchObject({ maxUnsavedBytes: 1048576, databaseProbeMs: 250 });
  });

  it('refuses an unsaved limit under 64 KiB and a probe interval under 50 ms, naming the variable', () => {
    expect(() => loadConfig({ TANDEM_MAX_UNSAVED_BYTES: '1000' })).toThrow(/TANDEM_MAX_UNSAVED_BYTES/);
    expect(() => loadConfig({ TANDEM_DB_PROBE_MS: '10' })).toThrow(/TANDEM_DB_PROBE_MS/);
  });
});
