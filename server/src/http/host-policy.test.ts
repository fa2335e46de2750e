import { describe, expect, it } from 'vitest';
import { HostPolicy, parseAuthority } from './host-policy';

function policy(options: Partial<ConstructorParameters<typeof HostPolicy>[0]> = {}, port = 8080): HostPolicy {
  const p = new HostPolicy({ allowedHosts: [], allowedOrigins: [], bindHost: '127.0.0.1', ...options });
  p.listeningOn(port);
  return p;
}

describe('parseAuthority', () => {
  it('reads names, IPv4 and bracketed IPv6, with or without a port', () => {
    expect(parseAuthority('Tandem.Example:8080')).toEqual({ hostname: 'tandem.example', port: 8080 });
    expect(parseAuthority('127.0.0.1')).toEqual({ hostname: '127.0.0.1', port: null });
    expect(parseAuthority('[::1]:8080')).toEqual({ hostname: '[::1]', port: 8080 });
    expect(parseAuthority('[0:0:0:0:0:0:0:1]')).toEqual({ hostname: '[::1]', port: null });
  });

  it('refuses what is not a Host header: user info, paths, bad ports, bare IPv6, wildcards', () => {
    for (const bad of ['evil.example@127.0.0.1:8080', '127.0.0.1/x', 'a:', 'a:0', 'a:65536', 'a:80x', '::1', '*', '*.example', '', '.a', 'a..b', '[zz]']) {
      expect(parseAuthority(bad), bad).toBeNull();
    }
  });
});

describe('HostPolicy.allowsHost', () => {
  it('CLOSE-6: allows the loopback names with the server’s port, and nothing else by default', () => {
    const p = policy();
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080', '[0::1]:8080']) expect(p.allowsHost(host), host).toBe(true);
    // A rebinding page's name, another port, the bare name (a browser writes a non-default port out).
    for (const host of ['evil.example:8080', 'evil.example', '127.0.0.1:9999', 'localhost', '127.0.0.2:8080', 'localhost.:8080', 'localhost.evil.example:8080']) {
      expect(p.allowsHost(host), host).toBe(false);
    }
    expect(p.allowsHost(undefined)).toBe(false);
    expect(p.allowsHost('')).toBe(false);
  });

  it('allows the bare loopback names when the server is on port 80, as browsers send them', () => {
    const p = policy({}, 80);
    expect(p.allowsHost('localhost')).toBe(true);
    expect(p.allowsHost('localhost:80')).toBe(true);
    expect(p.allowsHost('localhost:8080')).toBe(false);
  });

  it('allows the bound address when it is one, not when it is every interface', () => {
    expect(policy({ bindHost: '10.1.2.3' }).allowsHost('10.1.2.3:8080')).toBe(true);
    expect(policy({ bindHost: '0.0.0.0' }).allowsHost('0.0.0.0:8080')).toBe(false);
    expect(policy({ bindHost: '::' }).allowsHost('[::]:8080')).toBe(false);
  });

  it('CLOSE-6: allows the public URL’s host, with the scheme’s default port written out or not', () => {
    const p = policy({ publicUrl: 'https://tandem.example.com' });
    expect(p.allowsHost('tandem.example.com')).toBe(true);
    expect(p.allowsHost('tandem.example.com:443')).toBe(true);
    expect(p.allowsHost('tandem.example.com:8443')).toBe(false);
    const withPort = policy({ publicUrl: 'http://tandem.internal:9000/' });
    expect(withPort.allowsHost('tandem.internal:9000')).toBe(true);
    expect(withPort.allowsHost('tandem.internal')).toBe(false);
  });

  it('CLOSE-6: allows the extra hosts as configured', () => {
    const p = policy({ allowedHosts: ['tandem-server.tandem.svc', 'ingress.local:8443'] });
    expect(p.allowsHost('tandem-server.tandem.svc')).toBe(true);
    expect(p.allowsHost('tandem-server.tandem.svc:80')).toBe(true);
    expect(p.allowsHost('tandem-server.tandem.svc:8080')).toBe(false);
    expect(p.allowsHost('ingress.local:8443')).toBe(true);
    expect(p.allowsHost('ingress.local')).toBe(false);
  });
});

describe('HostPolicy.allowsOrigin', () => {
  it('allows pages served from an allowed host, whatever the request’s own Host says', () => {
    const p = policy();
    expect(p.allowsOrigin('http://127.0.0.1:8080')).toBe(true);
    expect(p.allowsOrigin('http://localhost:8080')).toBe(true);
    expect(p.allowsOrigin('http://[::1]:8080')).toBe(true);
  });

  it('refuses a rebinding page: its origin is its own name, which is not ours', () => {
    const p = policy();
    expect(p.allowsOrigin('http://evil.example:8080')).toBe(false);
    expect(p.allowsOrigin('http://127.0.0.1:8080.evil.example')).toBe(false);
    expect(p.allowsOrigin('http://127.0.0.1:9999')).toBe(false);
  });

  it('allows the public URL’s origin and the configured origins', () => {
    const p = policy({ publicUrl: 'https://tandem.example.com', allowedOrigins: ['http://localhost:3000', 'https://ide.example/'] });
    expect(p.allowsOrigin('https://tandem.example.com')).toBe(true);
    expect(p.allowsOrigin('https://Tandem.Example.com:443')).toBe(true);
    expect(p.allowsOrigin('http://localhost:3000')).toBe(true);
    expect(p.allowsOrigin('https://ide.example')).toBe(true);
    expect(p.allowsOrigin('http://localhost:3001')).toBe(false);
    expect(p.allowsOrigin('https://tandem.example.com.evil.example')).toBe(false);
  });

  it('refuses a missing, opaque, malformed or non-http Origin', () => {
    const p = policy();
    for (const origin of [undefined, 'null', 'not a url', 'file:///etc', 'ws://127.0.0.1:8080']) expect(p.allowsOrigin(origin), String(origin)).toBe(false);
  });
});
