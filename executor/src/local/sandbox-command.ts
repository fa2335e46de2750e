/**
 * The command line that starts a workspace process (pure logic): `prlimit` for
 * resource limits, inside `bwrap` when the sandbox is available, and a clean
 * environment. The server's own environment (secrets, DATABASE_URL, tokens) is
 * never passed on: the child gets exactly the variables built here.
 *
 * Under bwrap the system is mounted read-only, only the workspace folder is
 * writable (mounted at `/app`, as in the Kubernetes pod), there is no network
 * and the process has its own PID namespace and dies with the server.
 */

export interface ResourceLimits {
  addressSpaceBytes: number;
  /** RLIMIT_NPROC counts every process of the user, not only the workspace's. */
  processes: number;
  fileSizeBytes: number;
  cpuSeconds: number;
}

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  addressSpaceBytes: 4 * 1024 ** 3,
  processes: 4096,
  fileSizeBytes: 512 * 1024 ** 2,
  cpuSeconds: 3600,
};

export type SandboxMode = 'bwrap' | 'plain';

/** Where the workspace appears to the process inside bwrap. */
export const SANDBOX_WORKSPACE_DIR = '/app';

/** Top-level system folders, and what they link to when the host merged them into /usr. */
export interface HostLayout {
  /** e.g. { '/bin': 'usr/bin', '/lib': 'usr/lib' }; a folder that is not a link is bound as is. */
  links: Record<string, string>;
  /** Top-level folders that exist (of SYSTEM_DIRS). */
  present: string[];
}

export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/opt'];

// Only what programs need from /etc: not the whole folder (it may hold host secrets).
const ETC_ENTRIES = [
  'alternatives', 'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'passwd', 'group', 'nsswitch.conf',
  'ssl', 'ca-certificates', 'localtime', 'profile', 'profile.d', 'bash.bashrc', 'inputrc', 'terminfo',
  'mime.types', 'gai.conf', 'hosts', 'python3', 'fonts', 'locale.alias',
];

export interface ProcessSpec {
  /** Absolute path of the workspace folder on the host. */
  workspaceDir: string;
  /** Program and arguments to run inside (resolved through PATH). */
  argv: string[];
  limits: ResourceLimits;
  mode: SandboxMode;
  layout: HostLayout;
  term?: string;
  /** Extra read-only host folders to mount under bwrap (toolchains outside /usr). */
  extraReadOnly?: string[];
}

export interface ProcessCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Working directory for spawn (on the host). */
  cwd: string;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function buildProcessCommand(spec: ProcessSpec): ProcessCommand {
  const home = spec.mode === 'bwrap' ? SANDBOX_WORKSPACE_DIR : spec.workspaceDir;
  const env = { PATH, HOME: home, TERM: spec.term ?? 'xterm-256color', LANG: 'C.UTF-8' };
  const inner = spec.mode === 'bwrap' ? ['bwrap', ...bwrapArgs(spec), '--', ...spec.argv] : spec.argv;
  return { file: 'prlimit', args: [...prlimitArgs(spec.limits), '--', ...inner], env, cwd: spec.workspaceDir };
}

export function prlimitArgs(limits: ResourceLimits): string[] {
  return [
    `--as=${limits.addressSpaceBytes}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileSizeBytes}`,
    `--cpu=${limits.cpuSeconds}`,
  ];
}

export function bwrapArgs(spec: Pick<ProcessSpec, 'workspaceDir' | 'layout' | 'extraReadOnly'>): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    if (!spec.layout.present.includes(dir)) continue;
    const link = spec.layout.links[dir];
    if (link !== undefined) args.push('--symlink', link, dir);
    else args.push('--ro-bind', dir, dir);
  }
  for (const entry of ETC_ENTRIES) args.push('--ro-bind-try', `/etc/${entry}`, `/etc/${entry}`);
  for (const dir of spec.extraReadOnly ?? []) args.push('--ro-bind-try', dir, dir);
  args.push(
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    '--bind', spec.workspaceDir, SANDBOX_WORKSPACE_DIR,
    '--chdir', SANDBOX_WORKSPACE_DIR,
    '--unshare-net',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--hostname', 'tandem',
    '--die-with-parent',
  );
  return args;
}
