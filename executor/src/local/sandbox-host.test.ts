import { describe, expect, it } from 'vitest';
import { firewallRules, parseResolvers } from './sandbox-host';

describe('the sandbox firewall', () => {
  const rules = firewallRules(['10.255.255.53', 'fd00::53']);

  it('refuses loopback and private addresses to workspace uids only', () => {
    const v4 = /meta skuid 1000000000-1999999999 ip daddr \{([^}]*)\} reject/.exec(rules)?.[1] ?? '';
    for (const range of ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']) expect(v4).toContain(range);
    expect(rules).toMatch(/ip6 daddr \{[^}]*fc00::\/7[^}]*\} reject/);
    expect(rules).toContain('169.254.0.0/16'); // cloud metadata
  });

  it('lets DNS through to the host resolvers, before the refusals', () => {
    expect(rules.indexOf('10.255.255.53')).toBeLessThan(rules.indexOf('reject'));
    expect(rules).toContain('ip6 daddr { fd00::53 } meta l4proto { tcp, udp } th dport 53 accept');
  });

  it('replaces an earlier version of itself in one transaction', () => {
    expect(rules.split('\n').slice(0, 3)).toEqual(['table inet tandem_sandbox', 'delete table inet tandem_sandbox', 'table inet tandem_sandbox {']);
  });

  it('reads resolvers and ignores anything that is not an address', () => {
    expect(parseResolvers('# x\nnameserver 10.0.0.2\nnameserver ::1\nnameserver $(boom)\nsearch lan\n')).toEqual(['10.0.0.2', '::1']);
  });
});
