/**
 * The local execution backend (the default for `npm start`): one folder per
 * workspace under `<dataDir>/workspaces/`, shells on pseudo-terminals, language
 * servers on pipes (`local-language-tools.ts` finds them), each process
 * in the workspace's sandbox (`sandbox-command.ts`, docs/security.md). Where the
 * sandbox does not work, environments are refused with what to install; only the
 * explicit `sandbox: 'none'` runs plain processes.
 */
import { join } from 'node:path';
import type { PullLimits } from '../archive';
import { EnvironmentStartError, ExecutorError, SandboxUnavailableError } from '../errors';
import { silentLogger, type ExecutionBackend, type Logger, type StartOptions } from '../executor';
import { DEFAULT_PULL_IGNORE } from '../service/pull-ignore';
import { LocalEnvironment } from './local-environment';
import { findLocalLanguageTools, type LocalLanguageTools } from './local-language-tools';
import { ProcessRecords } from './process-records';
import { killSession } from './process-tree';
import { buildProcessCommand, DEFAULT_RESOURCE_LIMITS, type ResourceLimits, type SandboxMode, type SandboxNetwork } from './sandbox-command';
import { decideSandbox, INSTALL_HINT, type SandboxDecision, type SandboxSetting } from './sandbox-probe';
import { SandboxUids } from './sandbox-uids';
import { prepareWorkspace, type PreparedWorkspace } from './workspace-sandbox';
import { constants } from 'node:fs';
import { access, mkdir, readdir } from 'node:fs/promises';
import { epochFor, type EpochSource } from '../holder/fencing-epoch';
import { PYTHON_PLACES } from '../holder/holder-program';
import { HeldTerminals, type HeldTerminalsConfig } from './held-terminals';

export interface LocalBackendOptions {
  /** The server passes `.tandem/` (TANDEM_DATA_DIR). */
  dataDir: string;
  logger?: Logger;
  /** 'auto' (default): the sandbox, or refuse environments; 'bwrap': fail without it; 'none': plain processes. */
  sandbox?: SandboxSetting;
  /** 'internet' (default): user-mode networking off the host's loopback and private addresses; 'none': no network. */
  network?: SandboxNetwork;
  limits?: Partial<ResourceLimits>;
  /** The terminal's program (default: bash). */
  shell?: string[];
  /** Host folders mounted read-only inside the sandbox besides the system (toolchains elsewhere). */
  extraReadOnly?: string[];
  pullLimits?: Partial<PullLimits>;
  /** Folder names not pulled back (default `DEFAULT_PULL_IGNORE`); pass the same list to the service. */
  pullIgnore?: readonly string[];
  runTimeoutMs?: number;
  maxRunOutputBytes?: number;
  /** This server's fencing epoch for held terminals (`holder/fencing-epoch.ts`; default: the time of each attach). */
  epoch?: EpochSource;
  /** Output kept by each terminal's holder, in UTF-16 code units (default 1 Mi, as the service's scrollback). */
  holderRingUnits?: number;
  /** false: shells are children of the server process, as before holders (they die with it). */
  holdTerminals?: boolean;
}

// Workspace ids become folder names: only what cannot escape `workspaces/`.
const WORKSPACE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export class LocalBackend implements ExecutionBackend {
  readonly kind = 'local' as const;
  private readonly environments = new Map<string, Promise<LocalEnvironment>>();
  /** The lease epoch each workspace was last started under (issue 14): pushes and holder attaches carry it. */
  private readonly leaseEpochs = new Map<string, number>();
  private readonly records: ProcessRecords;
  private readonly uids: SandboxUids;
  private readonly logger: Logger;
  private readonly workspacesDir: string;
  private decision: Promise<SandboxDecision> | null = null;
  private tools: Promise<LocalLanguageTools> | null = null;
  private python: Promise<string | null> | null = null;
  private readonly holdersDir: string;

  constructor(private readonly options: LocalBackendOptions) {
    this.logger = options.logger ?? silentLogger;
    this.records = new ProcessRecords(join(options.dataDir, 'executor-processes'));
    this.uids = new SandboxUids(join(options.dataDir, 'sandbox', 'uids.json'));
    this.workspacesDir = join(options.dataDir, 'workspaces');
    this.holdersDir = join(options.dataDir, 'holders');
  }

  /** The sandbox mode in force (decided on first use); throws when the sandbox is unavailable. */
  async sandboxMode(): Promise<SandboxMode> {
    const decision = await this.decide();
    if (decision.mode === 'unavailable') throw new SandboxUnavailableError(`${decision.reason}; ${INSTALL_HINT}`);
    return decision.mode;
  }

  /** The decision, for the server's log and health: what the sandbox has and lacks here. */
  decide(): Promise<SandboxDecision> {
    this.decision ??= decideSandbox({ setting: this.options.sandbox ?? 'auto', dataDir: this.options.dataDir, network: this.options.network ?? 'internet', logger: this.logger });
    return this.decision;
  }

  start(workspaceId: string, options: StartOptions = {}): Promise<LocalEnvironment> {
    if (!WORKSPACE_ID.test(workspaceId)) return Promise.reject(new EnvironmentStartError(`invalid workspace id ${JSON.stringify(workspaceId)}`));
    if (options.epoch !== undefined) this.leaseEpochs.set(workspaceId, Math.max(options.epoch, this.leaseEpochs.get(workspaceId) ?? 0));
    let environment = this.environments.get(workspaceId);
    if (!environment) {
      environment = this.create(workspaceId);
      this.environments.set(workspaceId, environment);
      environment.catch(() => this.environments.delete(workspaceId));
    }
    return environment.then((started) => {
      started.fenceAt(options.epoch ?? 0);
      return started;
    });
  }

  async stop(workspaceId: string): Promise<void> {
    const environment = this.environments.get(workspaceId);
    this.environments.delete(workspaceId);
    const running = environment ? await environment.catch(() => null) : null;
    if (running) await running.stop();
    await this.killRecorded(workspaceId);
    // Held shells of an environment this process never started (or could not) go too.
    if (!running) await this.heldTerminals(workspaceId, null).killAll();
  }

  /** Lets go of a workspace: its held shells run on for the next server process to re-attach. */
  async release(workspaceId: string): Promise<void> {
    const environment = this.environments.get(workspaceId);
    this.environments.delete(workspaceId);
    await (await environment?.catch(() => null))?.letGo();
  }

  /** What an earlier process left that cannot be re-attached (language servers); held shells stay. */
  async reclaim(workspaceId: string): Promise<void> {
    await this.killRecorded(workspaceId);
  }

  async listHeld(): Promise<string[]> {
    const ids = await readdir(this.holdersDir).catch(() => [] as string[]);
    const held = await Promise.all(ids.map(async (id) => WORKSPACE_ID.test(id) && (await readdir(join(this.holdersDir, id)).catch(() => [])).some((n) => n.endsWith('.sock'))));
    return ids.filter((_, i) => held[i]);
  }

  /** Stops every environment this backend started (a server shutting down, a test ending). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.environments.keys()].map((id) => this.stop(id)));
  }

  listOrphans(): Promise<string[]> {
    return this.records.orphans();
  }

  private async create(workspaceId: string): Promise<LocalEnvironment> {
    const decision = await this.decide();
    if (decision.mode === 'unavailable') throw new SandboxUnavailableError(`terminals and commands are off: the sandbox does not work here (${decision.reason}); ${INSTALL_HINT}`);
    // Processes an earlier server left for this workspace would share its folder: end them first.
    await this.killRecorded(workspaceId);
    const limits = { ...DEFAULT_RESOURCE_LIMITS, ...this.options.limits };
    const tools = await this.languageTools(decision);
    let workspace: PreparedWorkspace;
    try {
      if (decision.mode === 'bwrap') {
        const extraReadOnly = [...(this.options.extraReadOnly ?? []), ...tools.readOnly];
        workspace = await prepareWorkspace(decision.host, { workspacesDir: this.workspacesDir, workspaceId, limits, uids: this.uids, extraReadOnly });
      } else {
        const dir = join(this.workspacesDir, workspaceId);
        await mkdir(dir, { recursive: true });
        const fenceDir = join(this.options.dataDir, 'fences', workspaceId);
        await mkdir(fenceDir, { recursive: true, mode: 0o700 });
        workspace = { dir, fenceDir, spec: () => { throw new Error('plain mode has no sandbox'); }, release: async () => {} };
      }
    } catch (error) {
      if (error instanceof ExecutorError) throw error;
      throw new EnvironmentStartError(`cannot prepare the workspace folder: ${(error as Error).message}`, { cause: error });
    }
    const network = this.options.network ?? 'internet';
    const sandbox = decision.mode === 'bwrap' ? workspace.spec : null;
    const python = this.options.holdTerminals === false ? null : await this.findPython();
    // Holders start detached (no controlling terminal: bwrap's --new-session); each makes its shell's pty.
    const command = (argv: string[]) => buildProcessCommand({ workspaceDir: workspace.dir, argv, limits, sandbox: sandbox ? sandbox(network) : null, tty: false });
    return new LocalEnvironment({
      workspaceId,
      held: this.heldTerminals(workspaceId, python ? { command, python } : null),
      dir: workspace.dir,
      fenceDir: workspace.fenceDir,
      sandbox,
      network,
      limits,
      shell: this.options.shell ?? ['bash'],
      pullLimits: this.options.pullLimits ?? {},
      pullIgnore: new Set(this.options.pullIgnore ?? DEFAULT_PULL_IGNORE),
      records: this.records,
      runTimeoutMs: this.options.runTimeoutMs ?? 10 * 60_000,
      maxRunOutputBytes: this.options.maxRunOutputBytes ?? 1024 * 1024,
      languageTools: tools.tools,
      release: workspace.release,
    });
  }

  /** Found once; what is missing is logged then, and said again to whoever asks. */
  private languageTools(decision: SandboxDecision): Promise<LocalLanguageTools> {
    this.tools ??= findLocalLanguageTools({ otherUid: decision.mode === 'bwrap' && decision.host.root }).then((found) => {
      for (const gap of found.tools.missing) this.logger.warn({ languageTools: 'local' }, `local executor: ${gap}`);
      return found;
    });
    return this.tools;
  }

  private heldTerminals(workspaceId: string, start: HeldTerminalsConfig['start']): HeldTerminals {
    const shell = this.options.shell ?? ['bash'];
    const ringUnits = this.options.holderRingUnits ?? 1024 * 1024;
    return new HeldTerminals({ dir: join(this.holdersDir, workspaceId), start, shell, ringUnits, epoch: () => this.leaseEpochs.get(workspaceId) ?? epochFor(this.options.epoch, workspaceId) });
  }

  /** The system's Python 3 runs the holders; without one, shells are the server's children (logged once). */
  private findPython(): Promise<string | null> {
    this.python ??= (async () => {
      for (const place of PYTHON_PLACES) if (await access(place, constants.X_OK).then(() => true, () => false)) return place;
      this.logger.warn({ holder: 'local' }, `local executor: no Python 3 in ${PYTHON_PLACES.join(', ')}: terminals die with the server process`);
      return null;
    })();
    return this.python;
  }

  private async killRecorded(workspaceId: string): Promise<void> {
    if (this.environments.has(workspaceId)) return;
    const identities = await this.records.take(workspaceId);
    await Promise.all(identities.map(killSession));
  }
}

export function createLocalBackend(options: LocalBackendOptions): LocalBackend {
  return new LocalBackend(options);
}
