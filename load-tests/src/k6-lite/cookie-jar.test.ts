import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar';

describe('CookieJar', () => {
  it('sends a session cookie back to the same host on any port, not to another host', () => {
    const jar = new CookieJar();
    jar.store('http://127.0.0.1:8080/api/auth/login', ['auth_session=abc; Path=/; HttpOnly; SameSite=Lax']);
    expect(jar.header('http://127.0.0.1:8080/api/tokens')).toBe('auth_session=abc');
    expect(jar.header('ws://127.0.0.1:9090/sync/x')).toBe('auth_session=abc');
    expect(jar.header('http://localhost:8080/api/tokens')).toBeNull();
  });

  it('replaces a cookie of the same name and deletes it on Max-Age=0', () => {
    const jar = new CookieJar();
    jar.store('http://h/', ['s=1; Path=/']);
    jar.store('http://h/', ['s=2; Path=/']);
    expect(jar.header('http://h/x')).toBe('s=2');
    jar.store('http://h/', ['s=; Path=/; Max-Age=0']);
    expect(jar.header('http://h/x')).toBeNull();
  });

  it('expires cookies by Max-Age (over Expires) and by Expires', () => {
    const jar = new CookieJar();
    const now = Date.parse('2026-01-01T00:00:00Z');
    jar.store('http://h/', ['a=1; Max-Age=60; Expires=Thu, 01 Jan 2099 00:00:00 GMT', 'b=2; Expires=Thu, 01 Jan 2026 00:00:30 GMT'], now);
    expect(jar.header('http://h/', now + 10_000)).toBe('a=1; b=2');
    expect(jar.header('http://h/', now + 40_000)).toBe('a=1');
    expect(jar.header('http://h/', now + 61_000)).toBeNull();
  });

  it('matches paths on segment boundaries, the longest path first, and the default path of the setting URL', () => {
    const jar = new CookieJar();
    jar.store('http://h/api/auth/login', ['deflt=1', 'api=2; Path=/api', 'root=3; Path=/']);
    expect(jar.header('http://h/api/auth/me')).toBe('deflt=1; api=2; root=3');
    expect(jar.header('http://h/apix')).toBe('root=3');
    expect(jar.header('http://h/api')).toBe('api=2; root=3');
  });

  it('keeps Secure cookies off plain http, and honours Domain for subdomains', () => {
    const jar = new CookieJar();
    jar.store('https://app.example.test/', ['sec=1; Secure', 'dom=2; Domain=example.test']);
    expect(jar.header('http://app.example.test/')).toBe('dom=2');
    expect(jar.header('https://app.example.test/')).toBe('sec=1; dom=2');
    expect(jar.header('https://other.example.test/')).toBe('dom=2');
  });

  it('refuses a Domain the host does not belong to', () => {
    const jar = new CookieJar();
    jar.store('http://app.example.test/', ['evil=1; Domain=attacker.test']);
    expect(jar.header('http://attacker.test/')).toBeNull();
    expect(jar.header('http://app.example.test/')).toBeNull();
  });
});
