/**
 * The port every execution backend implements (local sandbox, Kubernetes pod).
 * The server hands an executor what it needs; the executor never imports the server.
 */
import type { SkippedPaths } from '@tandem/protocol';

export type EnvironmentStatus =
  | { state: 'stopped' }
  | { state: 'starting' }
  /** `skipped`: files the server holds under names the push cannot write (service/pushable.ts), left out. */
  | { state: 'ready'; skipped?: SkippedPaths }
  | { state: 'failed'; reason: string };

/** One file as the server knows it. Paths are workspace-relative, `/`-separated, validated. */
export interface WorkspaceFile {
  path: string;
  content: string;
}

/** What the server gives the executor: the current files of a workspace. */
export interface WorkspaceSource {
  listFiles(workspaceId: string): Promise<WorkspaceFile[]>;
  /**
   * One file's current text, or null when the workspace has no such file: the ignore
   * file (`.tandemignore`) is read through this before every pull, so an edit to it
   * counts from the next pull. A source without it has no ignore file.
   */
  readFile?(workspaceId: string, path: string): Promise<string | null>;
}

/** A change found in the environment after a command ran (files brought back). */
export type PulledChange =
  | { kind: 'upsert'; path: string; content: string }
  /** Too large or binary: listed, not loaded as text. */
  | { kind: 'upsert-unloaded'; path: string; size: number; reason: 'too-large' | 'binary' }
  /** A folder a command created (files in new folders come as upserts after it). */
  | { kind: 'mkdir'; path: string }
  /** Only the topmost path of a deleted subtree is listed. */
  | { kind: 'delete'; path: string };

/** A change pushed into the environment. */
export type PushChange =
  | { kind: 'write'; path: string; content: string }
  | { kind: 'delete'; path: string }
  | { kind: 'mkdir'; path: string };

export interface TerminalHandle {
  readonly id: string;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(): void;
  onData(listener: (data: string) => void): () => void;
  onExit(listener: (code: number) => void): () => void;
  /**
   * Flow control: stop reading the program's output until `resume` (its writes then
   * block, as on a real terminal whose screen is slow). A backend without it can only
   * skip slow clients ahead.
   */
  pause?(): void;
  resume?(): void;
  /**
   * Offset (UTF-16 code units of the output stream) of the first output `onData`
   * delivers: 0, or absent, for a new terminal; where the replay begins for one
   * re-attached (`reattachTerminal`).
   */
  readonly start?: number;
  /**
   * Lets go of the terminal without ending its program (a held terminal, which
   * another server process may re-attach). Absent: the program cannot outlive us.
   */
  detach?(): void;
}

/** A terminal whose shell runs under a session holder in the environment, found after a restart. */
export interface HeldTerminalInfo {
  /** The terminal's id (the `termId` clients know). */
  id: string;
  cols: number;
  rows: number;
  /** Oldest output offset the holder still keeps... */
  start: number;
  /** ...and one past the newest. */
  end: number;
  /** The shell's exit code once it has exited (kept until the terminal is closed), else null. */
  exitCode: number | null;
}

/** A long-running program with pipes and no terminal (a language server). */
export interface ProcessHandle {
  /** To the program's stdin. */
  write(data: Uint8Array | string): void;
  onStdout(listener: (chunk: Buffer) => void): () => void;
  onStderr(listener: (chunk: Buffer) => void): () => void;
  /** Once: the exit code, or null with the signal's name when a signal ended it (or -1/null when the stream was lost). */
  onExit(listener: (code: number | null, signal: string | null) => void): () => void;
  kill(): void;
  /** Resident memory of the program and its children in bytes, when the backend can tell; null otherwise. */
  memoryBytes(): Promise<number | null>;
}

/** The language servers an environment can start (issue 13), found where they would run. */
export interface LanguageTools {
  /** argv that starts pyright's language server speaking LSP on stdio, or null when it is not available there. */
  pyright: string[] | null;
  /** argv of `ruff server`, or null. */
  ruff: string[] | null;
  /** What is missing, said for a person, e.g. "ruff is not installed: no formatting or lint fixes". */
  missing: string[];
}

export interface ExecutionEnvironment {
  readonly workspaceId: string;
  /**
   * Every push from now on carries this lease epoch (issue 14); the environment refuses
   * pushes older than the newest it has seen with `FencedError`. Only ever raised.
   */
  fenceAt(epoch: number): void;
  /** Apply changes atomically from a command's point of view (staging dir, then rename). */
  push(changes: PushChange[]): Promise<void>;
  /**
   * Replace the whole tree (on start). `keepOthers`: write the files but remove
   * nothing (held terminals ran while no server watched: what their commands made is
   * pulled back, not deleted).
   */
  pushAll(files: WorkspaceFile[], opts?: { keepOthers?: boolean }): Promise<void>;
  /** Snapshot the tree to find what commands changed (hostile input: validated). */
  pull(): Promise<Map<string, PulledChangeEntry>>;
  openTerminal(opts: { cols: number; rows: number }): Promise<TerminalHandle>;
  /**
   * Terminals whose shells outlived the server process that opened them (under a
   * session holder), to re-attach; empty for a backend whose shells cannot.
   */
  heldTerminals(): Promise<HeldTerminalInfo[]>;
  /**
   * Attaches to a held terminal: its output from `since` (default: the oldest the
   * holder keeps; the handle's `start` says where it begins), then live. Presents
   * this server's fencing epoch: an older server attached to it is cut off.
   * `TerminalNotFoundError` when there is no such held terminal.
   */
  reattachTerminal(id: string, opts?: { since?: number }): Promise<TerminalHandle>;
  /** Run a command to completion (used by tests and "run" buttons). */
  run(command: string, opts?: { timeoutMs?: number }): Promise<{ exitCode: number; output: string }>;
  /**
   * Starts a program with pipes and no terminal, with the limits and network
   * isolation of the environment's file transfers (no network). It dies with the
   * environment; the caller learns of that through `onExit`.
   */
  spawnProcess(argv: string[]): Promise<ProcessHandle>;
  languageTools(): Promise<LanguageTools>;
}

export type PulledChangeEntry =
  | { type: 'file'; content: string; size: number }
  | { type: 'unloaded'; size: number; reason: 'too-large' | 'binary' }
  | { type: 'folder' };

export interface StartOptions {
  /** The lease epoch the starting replica holds (issue 14); writes carry it. 0 where there are no leases. */
  epoch?: number;
}

export interface ExecutionBackend {
  readonly kind: 'local' | 'kubernetes';
  /** Starts the environment, or returns the running one (raised to `epoch`). */
  start(workspaceId: string, options?: StartOptions): Promise<ExecutionEnvironment>;
  stop(workspaceId: string): Promise<void>;
  /** Environments left from an earlier process (reclaimed at start-up). */
  listOrphans(): Promise<string[]>;
  /**
   * Ends what an earlier process left for a workspace that cannot outlive it (language
   * servers, commands) but keeps its held terminals. Absent: `stop` (nothing is held).
   */
  reclaim?(workspaceId: string): Promise<void>;
  /** Workspaces that have held terminals (to re-attach at start-up). Absent: none. */
  listHeld?(): Promise<string[]>;
  /**
   * Lets go of an environment without ending its held terminals (a replica handing
   * the workspace to another, a server restarting): programs with pipes to this
   * process end, held shells run on. Absent: the backend cannot, and `stop` is all.
   */
  release?(workspaceId: string): Promise<void>;
}

/** The logging port: pino-compatible, a merge object first (the server passes its pino logger). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
