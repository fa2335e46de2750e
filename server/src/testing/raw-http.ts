/**
 * HTTP requests as a hostile client makes them, for integration tests: any Host
 * header (fetch will not send a forged one), any source address on the loopback
 * network (`localAddress`: all of 127/8 routes to `lo` on Linux), any body bytes.
 */
import { request } from 'node:http';

export interface RawRequest {
  /** The server's base URL (`http://127.0.0.1:<port>`): where the connection goes. */
  url: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as UTF-8; an object as JSON (with the content type). */
  body?: string | Buffer | object;
  /** Source address of the connection, e.g. 127.0.0.2. */
  localAddress?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (loosely typed: tests match it with `toMatchObject`). */
  json(): any;
}

export function rawRequest(req: RawRequest): Promise<RawResponse> {
  const target = new URL(req.url);
  const headers: Record<string, string> = { ...req.headers };
  let body: Buffer | undefined;
  if (req.body !== undefined) {
    if (Buffer.isBuffer(req.body) || typeof req.body === 'string') body = Buffer.from(req.body);
    else {
      body = Buffer.from(JSON.stringify(req.body));
      headers['content-type'] ??= 'application/json';
    }
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method ?? (body ? 'POST' : 'GET'),
        path: req.path,
        headers,
        localAddress: req.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}
