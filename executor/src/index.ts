/**
 * @tandem/executor: execution environments for workspaces.
 *
 * The server builds a backend (`createLocalBackend`, or the Kubernetes one), wraps
 * it in an `ExecutorService`, and talks to that only. See README.md for wiring.
 */
export type {
  EnvironmentStatus,
  ExecutionBackend,
  ExecutionEnvironment,
  HeldTerminalInfo,
  LanguageTools,
  Logger,
  ProcessHandle,
  PulledChange,
  PulledChangeEntry,
  PushChange,
  StartOptions,
  TerminalHandle,
  WorkspaceFile,
  WorkspaceSource,
} from './executor';
export { silentLogger } from './executor';
export * from './errors';

export { ExecutorService, type EnvironmentLeases, type ExecutorServiceOptions, type SharedActivity, type StopReason } from './service/executor-service';
export { createExecutionBackend, type BackendConfig } from './service/create-backend';
export type { DirtyChange, ContentSource, PushPolicy } from './service/push-schedule';
export type { LifecyclePolicy } from './service/lifecycle-policy';
export { envStatusMessage } from './service/status-message';
export { DEFAULT_PULL_IGNORE, isIgnoredPath } from './service/pull-ignore';
export { classifyContent, validateRelativePath, writeTar, type PathRefusal, type TarEntry } from './archive';
export { IGNORE_FILE, MAX_IGNORE_BYTES, MAX_IGNORE_LINES } from './service/ignore-file';

export type { TerminalSubscriber } from './terminals/terminal-subscriber';
export type { TerminalSessionOptions } from './terminals/terminal-session';
export type { EpochSource } from './holder/fencing-epoch';

export { LocalBackend, createLocalBackend, type LocalBackendOptions } from './local/local-backend';
export type { ResourceLimits, SandboxMode, SandboxNetwork } from './local/sandbox-command';
export type { SandboxSetting } from './local/sandbox-probe';

// Benchmark pieces (`npm run bench` prints them; they need no server).
export { measureEchoLatency, type EchoLatency } from './bench/echo-latency';
export { measureOutputThroughput, type OutputThroughput } from './bench/output-throughput';
export { measureEditToFile, type EditToFile } from './bench/edit-to-file';
export { measurePullBack, type PullBack } from './bench/pull-back';
