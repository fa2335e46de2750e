/** The executor's settings in config.ts: defaults from the issue, validation naming the variable. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';

describe('executor configuration', () => {
  it('defaults to 30 min idle, 2 h lifetime, 15 min terminal linger, 100/500 ms pushes', () => {
    const { execution, executor } = loadConfig({});
    expect(executor).toBe('local');
    expect(execution).toMatchObject({
      idleStopMs: 30 * 60_000,
      maxLifetimeMs: 2 * 60 * 60_000,
      terminalLingerMs: 15 * 60_000,
      pushQuietMs: 100,
      pushMaxDelayMs: 500,
      sandbox: 'auto',
      sandboxNetwork: 'internet',
      sandboxLimits: { diskBytes: 1024 ** 3, memoryBytes: 2 * 1024 ** 3, processes: 512, cpuCores: 1 },
      reclaimOrphans: true,
      kubernetes: { namespace: 'tandem-workspaces', cpu: '500m', memory: '512Mi', storage: '1Gi' },
    });
  });

  it('does not reclaim on Kubernetes unless told to, since other replicas own pods too', () => {
    expect(loadConfig({ TANDEM_EXECUTOR: 'kubernetes' }).execution.reclaimOrphans).toBe(false);
    expect(loadConfig({ TANDEM_EXECUTOR: 'kubernetes', TANDEM_RECLAIM_ORPHANS: 'true' }).execution.reclaimOrphans).toBe(true);
    expect(loadConfig({ TANDEM_RECLAIM_ORPHANS: 'false' }).execution.reclaimOrphans).toBe(false);
  });

  it('reads the Kubernetes settings and refuses bad ones by name', () => {
    const k = loadConfig({ TANDEM_K8S_NAMESPACE: 'ws', TANDEM_K8S_CPU: '2', TANDEM_K8S_MEMORY: '1Gi', TANDEM_K8S_STORAGE_CLASS: 'fast' }).execution.kubernetes;
    expect(k).toMatchObject({ namespace: 'ws', cpu: '2', memory: '1Gi', storageClassName: 'fast' });
    expect(() => loadConfig({ TANDEM_K8S_MEMORY: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ TANDEM_K8S_MEMORY: 'lots' })).toThrow(/TANDEM_K8S_MEMORY/);
    expect(() => loadConfig({ TANDEM_K8S_NAMESPACE: 'Not_A_Name' })).toThrow(/TANDEM_K8S_NAMESPACE/);
    expect(() => loadConfig({ TANDEM_IDLE_STOP_MS: '10' })).toThrow(/TANDEM_IDLE_STOP_MS/);
  });

  it('refuses an unsandboxed executor unless the server listens on loopback only', () => {
    expect(loadConfig({ TANDEM_SANDBOX: 'none' }).execution.sandbox).toBe('none');
    expect(loadConfig({ TANDEM_SANDBOX: 'none', HOST: '::1' }).execution.sandbox).toBe('none');
    expect(() => loadConfig({ TANDEM_SANDBOX: 'none', HOST: '0.0.0.0' })).toThrow(/TANDEM_SANDBOX=none.*HOST must be a loopback address/);
    expect(() => loadConfig({ TANDEM_SANDBOX: 'none', HOST: '192.168.1.5' })).toThrow(ConfigError);
    // Kubernetes does not use the local sandbox: the setting does not bind it.
    expect(loadConfig({ TANDEM_SANDBOX: 'none', HOST: '0.0.0.0', TANDEM_EXECUTOR: 'kubernetes' }).execution.sandbox).toBe('none');
  });
});
