import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, isAddressOrCidr, trustedProxyList } from './client-address';

describe('isAddressOrCidr', () => {
  it('accepts addresses and CIDR blocks of either family', () => {
    for (const ok of ['10.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', '0.0.0.0/0']) expect(isAddressOrCidr(ok), ok).toBe(true);
  });
  it('refuses names, bad prefixes and wildcards', () => {
    for (const bad of ['ingress.local', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/', '10.0.0.0/8/1', '*', '', '10.0.0.0/x']) {
      expect(isAddressOrCidr(bad), bad).toBe(false);
    }
  });
});

describe('clientAddress', () => {
  const trusted = trustedProxyList(['10.0.0.0/8', 'fd00::/8']);

  it('is the peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', null)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', '198.51.100.1', trustedProxyList([]))).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (a client forging it)', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', trusted)).toBe('203.0.113.9');
  });

  it('takes the rightmost address not of our proxies, so entries a client prepends do not count', () => {
    expect(clientAddress('10.1.2.3', '198.51.100.1', trusted)).toBe('198.51.100.1');
    expect(clientAddress('10.1.2.3', 'forged, 1.1.1.1, 198.51.100.1, 10.9.9.9', trusted)).toBe('198.51.100.1');
    expect(clientAddress('10.1.2.3', undefined, trusted)).toBe('10.1.2.3');
    expect(clientAddress('10.1.2.3', 'garbage', trusted)).toBe('10.1.2.3');
  });

  it('reads IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(clientAddress('::ffff:10.1.2.3', '::ffff:198.51.100.1', trusted)).toBe('198.51.100.1');
  });
});

describe('addressKey', () => {
  it('keeps IPv4 addresses and counts IPv6 ones by their /64', () => {
    expect(addressKey('127.0.0.2')).toBe('127.0.0.2');
    expect(addressKey('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
