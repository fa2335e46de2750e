/**
 * What the machine gives the local sandbox, found out and prepared once per
 * backend: the sandbox's /etc/passwd and seccomp filter under
 * `<dataDir>/sandbox/`, and, when the server is root, the cgroup hierarchy, disk
 * images, and the firewall rules that keep workspace uids off the host's loopback
 * and private networks. Each part that cannot be had is said in the log; a
 * sandbox without bubblewrap, or where bubblewrap does not start, is unavailable
 * (`SandboxUnavailableError`), never replaced by running commands bare.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../executor';
import { detectCgroups, type CgroupLayout } from './cgroups';
import { buildSeccompFilter } from './seccomp-filter';
import { SYSTEM_DIRS, type HostLayout, type SandboxNetwork } from './sandbox-command';
import { SANDBOX_UID_BASE, SANDBOX_UID_COUNT } from './sandbox-uids';
import { diskImagesWork } from './workspace-disk';

const run = promisify(execFile);

export interface SandboxHost {
  layout: HostLayout;
  /** The server is root: workspaces run as uids of their own. */
  root: boolean;
  seccompPath: string;
  etcDir: string;
  /**
   * Where what the sandbox binds from its own uid lives (its /etc files, workspace
   * mounts when `<dataDir>/workspaces` cannot be reached): `<dataDir>/sandbox` when
   * every folder above it lets other uids through, else a folder under /run.
   */
  runtimeDir: string;
  /** What the sandbox's network is, after what the machine allows. */
  network: SandboxNetwork;
  cgroups: CgroupLayout | null;
  /** Disk images (quota) work here. */
  diskImages: boolean;
  /** Why a part is missing, for the log and docs (empty when everything is there). */
  missing: string[];
}

export async function detectHostLayout(): Promise<HostLayout> {
  const layout: HostLayout = { links: {}, present: [] };
  for (const dir of SYSTEM_DIRS) {
    const info = await lstat(dir).catch(() => null);
    if (!info) continue;
    layout.present.push(dir);
    if (info.isSymbolicLink()) layout.links[dir] = await readlink(dir);
  }
  return layout;
}

export async function commandExists(name: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${name}`]).then(() => true, () => false);
}

export async function prepareSandboxHost(options: { dataDir: string; network: SandboxNetwork; logger: Logger }): Promise<SandboxHost> {
  const dir = join(options.dataDir, 'sandbox');
  await mkdir(dir, { recursive: true, mode: 0o711 });
  const root = process.getuid?.() === 0;
  const missing: string[] = [];
  const seccompPath = join(dir, 'seccomp.bpf');
  await writeFile(seccompPath, buildSeccompFilter(), { mode: 0o644 });
  const runtimeDir = (await reachableByOthers(dir)) ? dir : join('/run/tandem', createHash('sha256').update(dir).digest('hex').slice(0, 12));
  await mkdir(runtimeDir, { recursive: true, mode: 0o711 });
  if (runtimeDir !== dir) await chmod(dirname(runtimeDir), 0o711);
  const etcDir = join(runtimeDir, 'etc');
  await mkdir(etcDir, { recursive: true, mode: 0o755 });
  // Inside its user namespace the workspace is uid 0, named for what it is.
  await writeFile(join(etcDir, 'passwd'), 'tandem:x:0:0:Tandem workspace:/app:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n', { mode: 0o644 });
  await writeFile(join(etcDir, 'group'), 'tandem:x:0:\nnogroup:x:65534:\n', { mode: 0o644 });
  // The sandbox folder must be reachable by the workspace uids (bwrap binds from it as them).
  await chmod(dir, 0o711);

  let network = options.network;
  if (network === 'internet') {
    const reason = await internetUnavailable(root);
    if (reason) {
      missing.push(`network: ${reason}; workspaces have no network`);
      network = 'none';
    }
  }
  const cgroups = root ? await detectCgroups() : null;
  if (!cgroups) missing.push(root ? 'cgroups: no writable pids, memory and cpu controllers; workspace memory and CPU are bounded per process only' : 'cgroups: the server is not root; workspace memory and CPU are bounded per process only');
  let diskImages = false;
  if (root) {
    const probe = await diskImagesWork(dir);
    diskImages = probe.ok;
    if (!probe.ok) missing.push(`disk quota: disk images do not work here (${probe.reason}); workspace disk is not bounded`);
  } else {
    missing.push('disk quota: the server is not root; workspace disk is not bounded');
  }
  if (!root) missing.push('process count: the server is not root, so all workspaces share its uid and its process limit');
  const host: SandboxHost = { layout: await detectHostLayout(), root, seccompPath, etcDir, runtimeDir, network, cgroups, diskImages, missing };
  if (network === 'internet') await installFirewall();
  return host;
}

/** Why the sandbox cannot have internet here, or null when it can. */
async function internetUnavailable(root: boolean): Promise<string | null> {
  if (!(await commandExists('pasta'))) return 'pasta is not installed (apt-get install passt)';
  if (!root) return 'only a root server can keep workspaces off the host\'s private addresses (nftables per uid)';
  if (!(await commandExists('nft'))) return 'nft is not installed (apt-get install nftables)';
  // pasta opens /dev/net/tun as the workspace uid: Debian makes it 0666; some VMs leave it 0600.
  const tun = await stat('/dev/net/tun').catch(() => null);
  if (!tun) return '/dev/net/tun is missing';
  if ((tun.mode & 0o006) !== 0o006) await chmod('/dev/net/tun', 0o666);
  return null;
}

const PRIVATE_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/3',
];
const PRIVATE_V6 = ['::/127', '::ffff:0:0/96', '64:ff9b::/96', '100::/64', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'ff00::/8'];

/**
 * The firewall (pure): packets that workspace uids' sockets (pasta's, on the host)
 * send to loopback or private addresses are refused, but DNS to the host's
 * resolvers, which are often private.
 */
export function firewallRules(resolvers: string[]): string {
  const v4 = resolvers.filter((r) => !r.includes(':'));
  const v6 = resolvers.filter((r) => r.includes(':'));
  const uids = `${SANDBOX_UID_BASE}-${SANDBOX_UID_BASE + SANDBOX_UID_COUNT - 1}`;
  const dns = (family: 'ip' | 'ip6', list: string[]) =>
    list.length === 0 ? [] : [`    meta skuid ${uids} ${family} daddr { ${list.join(', ')} } meta l4proto { tcp, udp } th dport 53 accept`];
  return [
    'table inet tandem_sandbox',
    'delete table inet tandem_sandbox',
    'table inet tandem_sandbox {',
    '  chain output {',
    '    type filter hook output priority 0; policy accept;',
    ...dns('ip', v4),
    ...dns('ip6', v6),
    `    meta skuid ${uids} ip daddr { ${PRIVATE_V4.join(', ')} } reject`,
    `    meta skuid ${uids} ip6 daddr { ${PRIVATE_V6.join(', ')} } reject`,
    '  }',
    '}',
    '',
  ].join('\n');
}

export function parseResolvers(resolvConf: string): string[] {
  return resolvConf
    .split('\n')
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((address): address is string => address !== undefined && /^[0-9a-fA-F.:]+$/.test(address));
}

async function installFirewall(): Promise<void> {
  const resolvers = parseResolvers(await readFile('/etc/resolv.conf', 'utf8').catch(() => ''));
  await new Promise<void>((resolve, reject) => {
    const child = execFile('nft', ['-f', '-'], (error) => (error ? reject(new Error(`nft: ${error.message}`)) : resolve()));
    child.stdin?.end(firewallRules(resolvers));
  });
}

/**
 * Whether a folder is reachable by a uid that is neither its owner's nor in its
 * group: bwrap, running as the workspace's uid, binds the workspace from its path.
 */
export async function reachableByOthers(path: string): Promise<boolean> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => null);
    if (!info || (info.mode & 0o001) === 0) return false;
    if (dir === '/') return true;
  }
}
