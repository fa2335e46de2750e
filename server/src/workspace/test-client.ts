/**
 * A small HTTP client for the workspace integration tests: bearer-token requests
 * that return status and parsed body together, and a raw request for paths that
 * `fetch` would normalise (`..`, `//`).
 */
import { request as httpRequest } from 'node:http';

export interface Answer {
  status: number;
  /** Parsed JSON (tests read arbitrary shapes). */
  body: any;
  text: string;
  headers: Headers;
}

export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

/** Calls as the holder of `token` (none: anonymous). Objects are sent as JSON, strings and Buffers raw. */
export function client(baseUrl: string, token?: string): Call {
  return async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } };
    if (body !== undefined) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) init.body = body as string;
      else {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
    }
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    let parsed: unknown = undefined;
    if ((res.headers.get('content-type') ?? '').includes('application/json')) parsed = JSON.parse(text);
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
}

/** A request whose path is sent exactly as given (no URL normalisation). */
export function rawRequest(baseUrl: string, method: string, path: string, token: string, body?: string): Promise<{ status: number; body: any }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
