/**
 * The command line that starts a workspace process (pure logic). The server's own
 * environment (secrets, DATABASE_URL, tokens) is never passed on: the child gets
 * exactly the variables built here.
 *
 * Sandboxed, the chain is (each step execs the next; see docs/security.md):
 *   sh LAUNCHER   as the server (root): joins the workspace's cgroups, opens the
 *                 seccomp filter as fd 3
 *   prlimit       per-process limits (address space, processes, file size, CPU time)
 *   setpriv       when the server is root: becomes the workspace's own host uid,
 *                 no groups, no capabilities, no new privileges
 *   pasta         with network: a user and network namespace whose only way out is
 *                 pasta's user-mode TCP/UDP (the host's firewall rules for the
 *                 workspace uids keep it off loopback and private addresses)
 *   bwrap         mount, PID, IPC, UTS (and without pasta user and network)
 *                 namespaces; the system read-only, only the workspace writable
 *                 (at /app), no capabilities, the seccomp filter
 * Inside, the process is uid 0 of its own user namespace: mapped to an unprivileged
 * host uid, with no capabilities and an empty bounding set, so it is root of nothing.
 */

export interface ResourceLimits {
  /** RLIMIT_AS of every process. */
  addressSpaceBytes: number;
  /** RLIMIT_NPROC (counted per host uid: each workspace has its own when the server is root) and the cgroup's pids.max. */
  processes: number;
  /** RLIMIT_FSIZE: the largest file a process may write. */
  fileSizeBytes: number;
  /** RLIMIT_CPU of every process. */
  cpuSeconds: number;
  /** Memory of the whole workspace (cgroup). */
  memoryBytes: number;
  /** CPU of the whole workspace, in cores (cgroup quota). */
  cpuCores: number;
  /** Disk of the workspace folder (its own file system image). */
  diskBytes: number;
}

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  addressSpaceBytes: 4 * 1024 ** 3,
  processes: 512,
  fileSizeBytes: 512 * 1024 ** 2,
  cpuSeconds: 3600,
  memoryBytes: 2 * 1024 ** 3,
  cpuCores: 1,
  diskBytes: 1024 ** 3,
};

export type SandboxMode = 'bwrap' | 'plain';
export type SandboxNetwork = 'internet' | 'none';

/** Where the workspace appears to the process inside the sandbox (as in the Kubernetes pod). */
export const SANDBOX_WORKSPACE_DIR = '/app';
const SANDBOX_TMP_BYTES = 256 * 1024 ** 2;

/** Top-level system folders, and what they link to when the host merged them into /usr. */
export interface HostLayout {
  /** e.g. { '/bin': 'usr/bin', '/lib': 'usr/lib' }; a folder that is not a link is bound as is. */
  links: Record<string, string>;
  /** Top-level folders that exist (of SYSTEM_DIRS). */
  present: string[];
}

export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/opt'];

// Only what programs need from /etc: not the whole folder (it may hold host secrets).
// passwd and group are the sandbox's own (`SandboxSpec.etcDir`), not the host's.
const ETC_ENTRIES = [
  'alternatives', 'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'nsswitch.conf',
  'ssl', 'ca-certificates', 'localtime', 'profile', 'profile.d', 'bash.bashrc', 'inputrc', 'terminfo',
  'mime.types', 'gai.conf', 'hosts', 'python3', 'fonts', 'locale.alias',
];

/** What the sandbox host prepared (`sandbox-host.ts`) and this workspace's share of it. */
export interface SandboxSpec {
  layout: HostLayout;
  /** The workspace's own host uid when the server is root; null: the server's uid, behind a user namespace. */
  hostUid: number | null;
  /** `cgroup.procs` files the launcher joins before anything else runs. */
  cgroupProcs: string[];
  /** The BPF program (`seccomp-filter.ts`), read by bwrap from fd 3. */
  seccompPath: string;
  /** Holds the sandbox's `passwd` and `group`. */
  etcDir: string;
  network: SandboxNetwork;
  /** Extra host folders mounted read-only (toolchains outside /usr). */
  extraReadOnly: string[];
}

export interface ProcessSpec {
  /** Absolute path of the workspace folder on the host. */
  workspaceDir: string;
  /** Program and arguments to run inside (resolved through PATH). */
  argv: string[];
  limits: ResourceLimits;
  /** null: plain mode (the explicit TANDEM_SANDBOX=none opt-in). */
  sandbox: SandboxSpec | null;
  /** A terminal keeps the pty as its controlling terminal; anything else gets a new session. */
  tty: boolean;
  term?: string;
  /** Host folders this process alone may write, bound at `inside` (the push's fence). */
  writable?: Array<{ host: string; inside: string }>;
}

export interface ProcessCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Working directory for spawn (on the host). */
  cwd: string;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Runs as the server: `$1` cgroup files to join, then the seccomp file, then the
 * command. Any failure stops here (exit 125): never run a workspace process outside
 * its cgroups or without its filter.
 */
export const LAUNCHER_SCRIPT = String.raw`n="$1"; shift
while [ "$n" -gt 0 ]; do echo "$$" > "$1" || exit 125; shift; n=$((n - 1)); done
exec 3< "$1" || exit 125; shift
exec "$@"`;

/**
 * Where bash keeps its history: never in the project folder (HOME is the workspace,
 * and a `.bash_history` there would be pulled back and shared with everyone). In the
 * sandbox it is the process's own /tmp (a tmpfs of its own, gone with the shell); in
 * plain mode /dev/null, since the host's /tmp is shared. Bash keeps the history of a
 * running shell in memory either way.
 */
export const SANDBOX_HISTFILE = '/tmp/.bash_history';
export const PLAIN_HISTFILE = '/dev/null';

export function buildProcessCommand(spec: ProcessSpec): ProcessCommand {
  const sandbox = spec.sandbox;
  const home = sandbox ? SANDBOX_WORKSPACE_DIR : spec.workspaceDir;
  const env = {
    // What `pip install` put in the workspace (below) comes first.
    PATH: `${home}/.local/bin:${PATH}`,
    HOME: home,
    HISTFILE: sandbox ? SANDBOX_HISTFILE : PLAIN_HISTFILE,
    TERM: spec.term ?? 'xterm-256color',
    LANG: 'C.UTF-8',
    // A plain `pip install` works: the system's site-packages is read-only here, so pip
    // installs for the user, into ~/.local (HOME is the workspace): kept across restarts,
    // never pulled back as files (pull-ignore.ts), and seen by the language server, which
    // runs the same python. Debian's refusal to touch the system's packages (PEP 668) has
    // nothing to protect in a read-only system. Not PIP_USER: it breaks venvs and --target.
    PIP_BREAK_SYSTEM_PACKAGES: '1',
    // Root of its own user namespace only: pip's warning about root would mislead.
    PIP_ROOT_USER_ACTION: 'ignore',
  };
  const limited = ['prlimit', ...prlimitArgs(spec.limits), '--'];
  if (!sandbox) return { file: limited[0]!, args: [...limited.slice(1), ...spec.argv], env, cwd: spec.workspaceDir };
  const args = [
    '-c', LAUNCHER_SCRIPT, 'tandem-sandbox', String(sandbox.cgroupProcs.length), ...sandbox.cgroupProcs, sandbox.seccompPath,
    ...limited,
    ...(sandbox.hostUid === null ? [] : setprivArgs(sandbox.hostUid)),
    ...(sandbox.network === 'internet' ? PASTA_ARGS : []),
    'bwrap', ...bwrapArgs({ workspaceDir: spec.workspaceDir, sandbox, tty: spec.tty, writable: spec.writable }), '--',
    ...spec.argv,
  ];
  return { file: 'sh', args, env, cwd: '/' };
}

export function prlimitArgs(limits: ResourceLimits): string[] {
  return [
    `--as=${limits.addressSpaceBytes}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileSizeBytes}`,
    `--cpu=${limits.cpuSeconds}`,
  ];
}

/** Becomes the workspace's host uid for good: no supplementary groups, no capabilities to inherit or regain. */
export function setprivArgs(uid: number): string[] {
  return ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--'];
}

/**
 * pasta: a user and network namespace with a tap device, TCP/UDP relayed through
 * ordinary sockets of the workspace uid. No port is forwarded either way (-t/-u into
 * the namespace, -T/-U from it to the host's loopback), and the gateway address is
 * not mapped to the host (--no-map-gw), so the host's loopback is out of reach.
 */
export const PASTA_ARGS = [
  'pasta', '--config-net', '--quiet', '--log-file', '/dev/null', '--no-map-gw',
  '-t', 'none', '-u', 'none', '-T', 'none', '-U', 'none', '--',
];

export function bwrapArgs(spec: { workspaceDir: string; sandbox: SandboxSpec; tty: boolean; writable?: ProcessSpec['writable'] }): string[] {
  const { sandbox } = spec;
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    if (!sandbox.layout.present.includes(dir)) continue;
    const link = sandbox.layout.links[dir];
    if (link !== undefined) args.push('--symlink', link, dir);
    else args.push('--ro-bind', dir, dir);
  }
  for (const entry of ETC_ENTRIES) args.push('--ro-bind-try', `/etc/${entry}`, `/etc/${entry}`);
  args.push('--ro-bind', `${sandbox.etcDir}/passwd`, '/etc/passwd', '--ro-bind', `${sandbox.etcDir}/group`, '/etc/group');
  if (sandbox.network === 'internet') args.push('--ro-bind-try', '/etc/resolv.conf', '/etc/resolv.conf');
  args.push(
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', String(SANDBOX_TMP_BYTES), '--tmpfs', '/tmp',
  );
  // After /tmp's tmpfs, which would hide a toolchain bound below /tmp (a checkout there: pyright).
  for (const dir of sandbox.extraReadOnly) args.push('--ro-bind-try', dir, dir);
  args.push('--bind', spec.workspaceDir, SANDBOX_WORKSPACE_DIR);
  for (const { host, inside } of spec.writable ?? []) args.push('--bind', host, inside);
  args.push(
    '--chdir', SANDBOX_WORKSPACE_DIR,
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--hostname', 'tandem',
    // bwrap's root is a tmpfs: read-only, so the workspace (and /tmp) is all there is to write.
    '--remount-ro', '/',
  );
  // Under pasta, bwrap is already in pasta's user namespace (as its uid 0) and cannot
  // nest another one there; the seccomp filter refuses new namespaces either way.
  if (sandbox.network === 'none') args.push('--unshare-net', '--unshare-user', '--uid', '0', '--gid', '0', '--disable-userns');
  args.push('--cap-drop', 'ALL', '--seccomp', '3', '--die-with-parent');
  if (!spec.tty) args.push('--new-session');
  return args;
}
