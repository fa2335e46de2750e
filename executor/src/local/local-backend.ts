/**
 * The local execution backend (the default for `npm start`): one folder per
 * workspace under `<dataDir>/workspaces/<workspaceId>`, shells on pseudo-terminals,
 * sandboxed by bubblewrap when it works here (probed once) and resource-limited by
 * prlimit always.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PullLimits } from '../archive';
import { EnvironmentStartError } from '../errors';
import { silentLogger, type ExecutionBackend, type Logger } from '../executor';
import { DEFAULT_PULL_IGNORE } from '../service/pull-ignore';
import { LocalEnvironment } from './local-environment';
import { ProcessRecords } from './process-records';
import { killSession } from './process-tree';
import { DEFAULT_RESOURCE_LIMITS, type HostLayout, type ResourceLimits, type SandboxMode } from './sandbox-command';
import { detectHostLayout, resolveSandboxMode, type SandboxSetting } from './sandbox-probe';

export interface LocalBackendOptions {
  /** The server passes `.tandem/` (TANDEM_DATA_DIR). */
  dataDir: string;
  logger?: Logger;
  /** 'auto' (default): bwrap when it works; 'bwrap': fail without it; 'none': never. */
  sandbox?: SandboxSetting;
  limits?: Partial<ResourceLimits>;
  /** The terminal's program (default: bash). */
  shell?: string[];
  /** Host folders mounted read-only under bwrap besides the system (toolchains elsewhere). */
  extraReadOnly?: string[];
  pullLimits?: Partial<PullLimits>;
  /** Folder names not pulled back (default `DEFAULT_PULL_IGNORE`); pass the same list to the service. */
  pullIgnore?: readonly string[];
  runTimeoutMs?: number;
  maxRunOutputBytes?: number;
}

// Workspace ids become folder names: only what cannot escape `workspaces/`.
const WORKSPACE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export class LocalBackend implements ExecutionBackend {
  readonly kind = 'local' as const;
  private readonly environments = new Map<string, LocalEnvironment>();
  private readonly records: ProcessRecords;
  private readonly logger: Logger;
  private sandbox: Promise<{ mode: SandboxMode; layout: HostLayout }> | null = null;

  constructor(private readonly options: LocalBackendOptions) {
    this.logger = options.logger ?? silentLogger;
    this.records = new ProcessRecords(join(options.dataDir, 'executor-processes'));
  }

  /** The sandbox mode in force (probes on first use). */
  async sandboxMode(): Promise<SandboxMode> {
    return (await this.resolveSandbox()).mode;
  }

  async start(workspaceId: string): Promise<LocalEnvironment> {
    if (!WORKSPACE_ID.test(workspaceId)) throw new EnvironmentStartError(`invalid workspace id ${JSON.stringify(workspaceId)}`);
    const existing = this.environments.get(workspaceId);
    if (existing) return existing;
    const { mode, layout } = await this.resolveSandbox();
    // Processes an earlier server left for this workspace would share its folder: end them first.
    await this.killRecorded(workspaceId);
    const dir = join(this.options.dataDir, 'workspaces', workspaceId);
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new EnvironmentStartError(`cannot create the workspace folder: ${(error as Error).message}`, { cause: error });
    }
    const environment = new LocalEnvironment({
      workspaceId,
      dir,
      mode,
      layout,
      limits: { ...DEFAULT_RESOURCE_LIMITS, ...this.options.limits },
      shell: this.options.shell ?? ['bash'],
      extraReadOnly: this.options.extraReadOnly ?? [],
      pullLimits: this.options.pullLimits ?? {},
      pullIgnore: new Set(this.options.pullIgnore ?? DEFAULT_PULL_IGNORE),
      records: this.records,
      runTimeoutMs: this.options.runTimeoutMs ?? 10 * 60_000,
      maxRunOutputBytes: this.options.maxRunOutputBytes ?? 1024 * 1024,
    });
    this.environments.set(workspaceId, environment);
    return environment;
  }

  async stop(workspaceId: string): Promise<void> {
    const environment = this.environments.get(workspaceId);
    this.environments.delete(workspaceId);
    if (environment) await environment.stop();
    await this.killRecorded(workspaceId);
  }

  listOrphans(): Promise<string[]> {
    return this.records.orphans();
  }

  private async killRecorded(workspaceId: string): Promise<void> {
    if (this.environments.has(workspaceId)) return;
    const identities = await this.records.take(workspaceId);
    await Promise.all(identities.map(killSession));
  }

  private resolveSandbox(): Promise<{ mode: SandboxMode; layout: HostLayout }> {
    this.sandbox ??= (async () => {
      const layout = await detectHostLayout();
      const mode = await resolveSandboxMode(this.options.sandbox ?? 'auto', layout, this.logger);
      return { mode, layout };
    })();
    return this.sandbox;
  }
}

export function createLocalBackend(options: LocalBackendOptions): LocalBackend {
  return new LocalBackend(options);
}
