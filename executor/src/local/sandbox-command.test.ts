import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCE_LIMITS, buildProcessCommand, LAUNCHER_SCRIPT, type HostLayout, type SandboxSpec } from './sandbox-command';

const layout: HostLayout = { links: { '/bin': 'usr/bin', '/lib': 'usr/lib' }, present: ['/usr', '/bin', '/lib'] };
const sandbox: SandboxSpec = {
  layout,
  hostUid: 1_000_000_042,
  cgroupProcs: ['/sys/fs/cgroup/pids/tandem/w1/cgroup.procs', '/sys/fs/cgroup/memory/tandem/w1/cgroup.procs'],
  seccompPath: '/data/sandbox/seccomp.bpf',
  etcDir: '/data/sandbox/etc',
  network: 'none',
  extraReadOnly: [],
};
const base = { workspaceDir: '/data/workspaces/w1', argv: ['bash', '-l'], limits: DEFAULT_RESOURCE_LIMITS, tty: true };

function pairs(args: string[], flag: string): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => a === flag && out.push(args.slice(i + 1, i + 3)));
  return out;
}

const after = (args: string[], program: string) => args.slice(args.indexOf(program));

describe('buildProcessCommand', () => {
  it('gives the process only PATH, HOME, HISTFILE, TERM, LANG and where pip installs', () => {
    const cmd = buildProcessCommand({ ...base, sandbox });
    expect(Object.keys(cmd.env).sort()).toEqual(['HISTFILE', 'HOME', 'LANG', 'PATH', 'PIP_BREAK_SYSTEM_PACKAGES', 'PIP_ROOT_USER_ACTION', 'TERM']);
    expect(cmd.env.HOME).toBe('/app');
    expect(cmd.env.PATH?.startsWith('/app/.local/bin:')).toBe(true);
  });

  it('keeps the shell history out of the project folder, sandboxed and plain', () => {
    expect(buildProcessCommand({ ...base, sandbox }).env.HISTFILE).toBe('/tmp/.bash_history');
    expect(buildProcessCommand({ ...base, sandbox: null }).env.HISTFILE).toBe('/dev/null');
  });

  it('in plain mode (the explicit opt-in) applies the limits and nothing else', () => {
    const cmd = buildProcessCommand({ ...base, sandbox: null, limits: { ...DEFAULT_RESOURCE_LIMITS, addressSpaceBytes: 1, processes: 2, fileSizeBytes: 3, cpuSeconds: 4 } });
    expect(cmd.file).toBe('prlimit');
    expect(cmd.args).toEqual(['--as=1', '--nproc=2', '--fsize=3', '--cpu=4', '--', 'bash', '-l']);
    expect(cmd.cwd).toBe('/data/workspaces/w1');
  });

  it('joins the cgroups and opens the filter before anything else runs', () => {
    const cmd = buildProcessCommand({ ...base, sandbox });
    expect(cmd.file).toBe('sh');
    expect(cmd.args.slice(0, 7)).toEqual(['-c', LAUNCHER_SCRIPT, 'tandem-sandbox', '2', ...sandbox.cgroupProcs, sandbox.seccompPath]);
    expect(cmd.args[7]).toBe('prlimit');
  });

  it('becomes the workspace uid with no groups, capabilities or new privileges', () => {
    const setpriv = after(buildProcessCommand({ ...base, sandbox }).args, 'setpriv');
    expect(setpriv.slice(0, 8)).toEqual(['setpriv', '--reuid=1000000042', '--regid=1000000042', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--']);
    expect(buildProcessCommand({ ...base, sandbox: { ...sandbox, hostUid: null } }).args).not.toContain('setpriv');
  });

  it('runs inside bwrap: a read-only system, only the workspace writable, its own namespaces, no capabilities, the filter', () => {
    const bwrap = after(buildProcessCommand({ ...base, sandbox }).args, 'bwrap');
    expect(bwrap.slice(-3)).toEqual(['--', 'bash', '-l']);
    expect(pairs(bwrap, '--ro-bind')).toContainEqual(['/usr', '/usr']);
    expect(pairs(bwrap, '--ro-bind')).toContainEqual(['/data/sandbox/etc/passwd', '/etc/passwd']);
    expect(pairs(bwrap, '--symlink')).toContainEqual(['usr/bin', '/bin']);
    expect(pairs(bwrap, '--bind')).toEqual([['/data/workspaces/w1', '/app']]);
    for (const flag of ['--unshare-net', '--unshare-user', '--disable-userns', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--die-with-parent']) expect(bwrap).toContain(flag);
    expect(pairs(bwrap, '--cap-drop')).toContainEqual(['ALL', '--seccomp']);
    expect(pairs(bwrap, '--seccomp')[0]![0]).toBe('3');
    expect(bwrap).not.toContain('/etc');
    expect(bwrap).not.toContain('--new-session'); // a terminal keeps its pty
    expect(after(buildProcessCommand({ ...base, sandbox, tty: false }).args, 'bwrap')).toContain('--new-session');
  });

  it('with network, goes through pasta with no port forwarded either way and the gateway not mapped to the host', () => {
    const args = buildProcessCommand({ ...base, sandbox: { ...sandbox, network: 'internet' } }).args;
    const pasta = args.slice(args.indexOf('pasta'), args.indexOf('bwrap'));
    expect(pasta).toContain('--no-map-gw');
    for (const flag of ['-t', '-u', '-T', '-U']) expect(pairs(pasta, flag)).toContainEqual(['none', expect.any(String)]);
    const bwrap = after(args, 'bwrap');
    expect(bwrap).not.toContain('--unshare-net');
    expect(pairs(bwrap, '--ro-bind-try')).toContainEqual(['/etc/resolv.conf', '/etc/resolv.conf']);
  });
});
