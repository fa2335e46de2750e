import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin';

describe('isOriginAllowed', () => {
  it('allows the server’s own origin (host and port equal the Host header)', () => {
    expect(isOriginAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', [])).toBe(true);
    expect(isOriginAllowed('https://tandem.example', 'tandem.example', [])).toBe(true);
    expect(isOriginAllowed('https://Tandem.Example', 'TANDEM.example', [])).toBe(true);
  });

  it('treats a default port in the Host header like no port', () => {
    expect(isOriginAllowed('https://tandem.example', 'tandem.example:443', [])).toBe(true);
    expect(isOriginAllowed('http://tandem.example', 'tandem.example:80', [])).toBe(true);
  });

  it('refuses a foreign origin, another port, or a look-alike host', () => {
    expect(isOriginAllowed('http://evil.example', '127.0.0.1:8080', [])).toBe(false);
    expect(isOriginAllowed('http://127.0.0.1:9999', '127.0.0.1:8080', [])).toBe(false);
    expect(isOriginAllowed('http://127.0.0.1:8080.evil.example', '127.0.0.1:8080', [])).toBe(false);
  });

  it('refuses a missing, opaque or malformed Origin', () => {
    expect(isOriginAllowed(undefined, '127.0.0.1:8080', [])).toBe(false);
    expect(isOriginAllowed('null', '127.0.0.1:8080', [])).toBe(false);
    expect(isOriginAllowed('not a url', '127.0.0.1:8080', [])).toBe(false);
    expect(isOriginAllowed('file:///etc', '127.0.0.1:8080', [])).toBe(false);
  });

  it('allows configured origins whatever the Host header says', () => {
    const allowed = ['http://localhost:3000', 'https://ide.example/'];
    expect(isOriginAllowed('http://localhost:3000', '127.0.0.1:8080', allowed)).toBe(true);
    expect(isOriginAllowed('https://ide.example', undefined, allowed)).toBe(true);
    expect(isOriginAllowed('http://localhost:3001', '127.0.0.1:8080', allowed)).toBe(false);
  });
});
