import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCE_LIMITS, buildProcessCommand, type HostLayout } from './sandbox-command';

const layout: HostLayout = { links: { '/bin': 'usr/bin', '/lib': 'usr/lib' }, present: ['/usr', '/bin', '/lib'] };
const base = { workspaceDir: '/data/workspaces/w1', argv: ['bash', '-l'], limits: DEFAULT_RESOURCE_LIMITS, layout };

function pairs(args: string[], flag: string): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => a === flag && out.push(args.slice(i + 1, i + 3)));
  return out;
}

describe('buildProcessCommand', () => {
  it('gives the process only PATH, HOME, TERM and LANG', () => {
    const cmd = buildProcessCommand({ ...base, mode: 'plain' });
    expect(Object.keys(cmd.env).sort()).toEqual(['HOME', 'LANG', 'PATH', 'TERM']);
    expect(cmd.env.HOME).toBe('/data/workspaces/w1');
    expect(cmd.cwd).toBe('/data/workspaces/w1');
  });

  it('applies every resource limit through prlimit', () => {
    const cmd = buildProcessCommand({ ...base, mode: 'plain', limits: { addressSpaceBytes: 1, processes: 2, fileSizeBytes: 3, cpuSeconds: 4 } });
    expect(cmd.file).toBe('prlimit');
    expect(cmd.args).toEqual(['--as=1', '--nproc=2', '--fsize=3', '--cpu=4', '--', 'bash', '-l']);
  });

  it('runs inside bwrap with a read-only system, a writable workspace, no network and its own PIDs', () => {
    const cmd = buildProcessCommand({ ...base, mode: 'bwrap' });
    const bwrap = cmd.args.slice(cmd.args.indexOf('bwrap'));
    expect(bwrap.slice(-3)).toEqual(['--', 'bash', '-l']);
    expect(pairs(bwrap, '--ro-bind')).toContainEqual(['/usr', '/usr']);
    expect(pairs(bwrap, '--symlink')).toContainEqual(['usr/bin', '/bin']);
    expect(pairs(bwrap, '--bind')).toEqual([['/data/workspaces/w1', '/app']]);
    for (const flag of ['--unshare-net', '--unshare-pid', '--die-with-parent']) expect(bwrap).toContain(flag);
    expect(bwrap).not.toContain('/etc');
    expect(cmd.env.HOME).toBe('/app');
  });
});
