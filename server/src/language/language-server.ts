/**
 * One language server process of a workspace, kept running: started in the
 * workspace's environment, initialized, and started again when it exits (with
 * `RestartPolicy`'s backoff), each time reporting its state. A crash costs the
 * requests that were pending (they fail with ConnectionClosedError, which callers
 * answer as `restarted`) and nothing else: `ready` hands the new process every open
 * document again.
 */
import type { ProcessHandle } from '@tandem/executor';
import type { Logger } from '../logger';
import { RpcConnection, RpcError, type SentRequest } from './json-rpc';
import { RestartPolicy } from './restart-policy';

export type ServerState = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';

export interface LanguageServerOptions {
  /** For logs and messages: "pyright", "ruff". */
  name: string;
  spawn(): Promise<ProcessHandle>;
  initializeParams(): object;
  notification(method: string, params: unknown): void;
  /** Answers `workspace/configuration`. */
  configuration(items: unknown[]): unknown[];
  /** Answers `workspace/applyEdit` (a command we ran asks to change files). */
  applyEdit(params: unknown): Promise<{ applied: boolean; failureReason?: string }>;
  state(state: ServerState, message?: string): void;
  /** A (new) process is initialized: open the documents in it. */
  ready(): void;
  log: Logger;
  now?: () => number;
  initializeTimeoutMs?: number;
}

export class NotRunningError extends Error {
  override readonly name = 'NotRunningError';
}

const STDERR_LOG_BYTES = 4096;

export class LanguageServer {
  private process: ProcessHandle | null = null;
  private rpc: RpcConnection | null = null;
  private current: ServerState = 'stopped';
  private readonly policy = new RestartPolicy();
  private restartTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private generation = 0;
  capabilities: Record<string, unknown> = {};

  constructor(private readonly options: LanguageServerOptions) {}

  get state(): ServerState {
    return this.current;
  }

  get name(): string {
    return this.options.name;
  }

  start(): void {
    if (this.stopped || this.current === 'starting' || this.current === 'ready') return;
    void this.launch();
  }

  request<T>(method: string, params: unknown): SentRequest<T> {
    if (this.current !== 'ready' || !this.rpc) throw new NotRunningError(`${this.options.name} is ${this.current}`);
    return this.rpc.request<T>(method, params);
  }

  notify(method: string, params: unknown): void {
    if (this.current === 'ready') this.rpc?.notify(method, params);
  }

  /** Kills it for good (the environment stops, the workspace has no open file left). */
  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.generation++;
    this.rpc?.close();
    this.process?.kill();
    this.process = this.rpc = null;
    this.setState('stopped');
  }

  /** Kills the process as a crash would (tests, and a language server that stopped answering). */
  kill(): void {
    this.process?.kill();
  }

  private async launch(): Promise<void> {
    const generation = ++this.generation;
    this.setState(this.current === 'restarting' ? 'restarting' : 'starting');
    const { log, name } = this.options;
    let process: ProcessHandle;
    try {
      process = await this.options.spawn();
    } catch (error) {
      if (generation === this.generation) this.exited(generation, `could not start ${name}: ${(error as Error).message}`);
      return;
    }
    if (generation !== this.generation) return process.kill();
    this.process = process;
    const rpc = (this.rpc = new RpcConnection({ write: (bytes) => process.write(bytes) }, {
      notification: (method, params) => {
        if (method === 'window/logMessage') log.debug({ server: name, message: String((params as { message?: unknown })?.message).slice(0, 2000) }, 'language server: log');
        this.options.notification(method, params);
      },
      request: (method, params) => this.answer(method, params),
      broken: (error) => {
        log.warn({ server: name, err: error.message }, 'language server: broken output, restarting it');
        process.kill();
      },
    }));
    process.onStdout((chunk) => rpc.receive(chunk));
    let stderr = 0;
    process.onStderr((chunk) => {
      if (stderr >= STDERR_LOG_BYTES) return;
      stderr += chunk.byteLength;
      log.info({ server: name, stderr: chunk.toString('utf8', 0, STDERR_LOG_BYTES) }, 'language server: stderr');
    });
    process.onExit((code, signal) => {
      if (generation === this.generation) this.exited(generation, `${name} exited (${signal ?? `code ${code}`})`);
    });
    try {
      const initialized = rpc.request<{ capabilities?: Record<string, unknown> }>('initialize', this.options.initializeParams());
      const timeout = new Promise<never>((_, reject) => {
        setTimeout(() => reject(new Error('initialize timed out')), this.options.initializeTimeoutMs ?? 60_000).unref();
      });
      const result = await Promise.race([initialized.result, timeout]);
      if (generation !== this.generation) return;
      this.capabilities = result?.capabilities ?? {};
      rpc.notify('initialized', {});
      this.setState('ready');
      log.info({ server: name }, 'language server: ready');
      this.options.ready();
    } catch (error) {
      if (generation !== this.generation) return;
      log.warn({ server: name, err: (error as Error).message }, 'language server: initialize failed');
      process.kill();
    }
  }

  private exited(generation: number, why: string): void {
    if (this.stopped || generation !== this.generation) return;
    this.rpc?.close();
    this.process = this.rpc = null;
    const delay = this.policy.exited(this.options.now?.() ?? Date.now());
    this.options.log.warn({ server: this.options.name, why, restartInMs: delay }, 'language server: exited');
    if (delay === null) return this.setState('failed', `${why}; it exited 5 times within a minute, so it is not started again until the environment restarts`);
    this.setState('restarting', why);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.launch();
    }, delay);
    this.restartTimer.unref();
  }

  private answer(method: string, params: unknown): unknown {
    switch (method) {
      case 'workspace/configuration':
        return this.options.configuration(Array.isArray((params as { items?: unknown })?.items) ? (params as { items: unknown[] }).items : []);
      case 'client/registerCapability':
      case 'client/unregisterCapability':
      case 'window/workDoneProgress/create':
        return null;
      case 'workspace/workspaceFolders':
        return null;
      case 'workspace/applyEdit':
        return this.options.applyEdit(params);
      default:
        throw new RpcError(-32601, `${method} is not supported by this client`);
    }
  }

  private setState(state: ServerState, message?: string): void {
    this.current = state;
    this.options.state(state, message);
  }
}
