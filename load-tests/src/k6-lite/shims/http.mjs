// `k6/http`: synchronous requests (the main thread does the fetch, with this VU's
// cookie jar) and k6's built-in HTTP metrics.
import { emit, requireBridge, sampleTags } from '../vu-context.mjs';
import { selectJson } from './json-path.mjs';

function encodeBody(body) {
  if (body === undefined || body === null) return { body: null };
  if (typeof body === 'string') return { body };
  if (body instanceof ArrayBuffer) return { body: new Uint8Array(body.slice(0)), binary: true };
  if (ArrayBuffer.isView(body)) return { body: new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), binary: true };
  // k6 sends a plain object as a form.
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) form.append(k, String(v));
  return { body: form.toString(), form: true };
}

class Response {
  constructor(reply, request) {
    this.status = reply.status;
    this.status_text = reply.statusText;
    this.url = reply.url;
    this.headers = reply.headers;
    this.body = reply.body;
    this.error = reply.error;
    this.error_code = reply.error ? 1000 : 0;
    this.timings = { duration: reply.duration, blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: reply.waiting, receiving: reply.duration - reply.waiting };
    this.request = request;
    this.proto = 'HTTP/1.1';
  }

  json(selector) {
    if (typeof this.body !== 'string') throw new Error('response body is not text');
    const value = JSON.parse(this.body);
    return selector === undefined ? value : selectJson(value, selector);
  }
}

export function request(method, url, body, params = {}) {
  const bridge = requireBridge('k6/http outside a VU');
  const verb = String(method).toUpperCase();
  const headers = {};
  for (const [k, v] of Object.entries(params.headers ?? {})) headers[k] = String(v);
  const encoded = encodeBody(body);
  if (encoded.form && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const href = String(url);
  const reply = bridge.call('http', {
    method: verb, url: href, headers, body: encoded.body,
    responseType: params.responseType ?? 'text', timeoutMs: params.timeout ? parseTimeout(params.timeout) : 60000,
    redirects: params.redirects ?? 10,
  });
  const expected = reply.status >= 200 && reply.status < 400;
  const tags = sampleTags({
    name: href, url: href, method: verb, status: String(reply.status), expected_response: String(expected), proto: 'HTTP/1.1',
    ...params.tags,
  });
  if (reply.error) tags.error = reply.error;
  emit('http_reqs', 'counter', false, 1, tags);
  emit('http_req_duration', 'trend', true, reply.duration, tags);
  emit('http_req_waiting', 'trend', true, reply.waiting, tags);
  emit('http_req_failed', 'rate', false, expected ? 0 : 1, tags);
  return new Response(reply, { method: verb, url: href, headers, body: encoded.body ?? '' });
}

function parseTimeout(value) {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(String(value));
  if (!m) throw new Error(`invalid timeout "${value}"`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60000 }[m[2]];
}

export const get = (url, params) => request('GET', url, null, params);
export const head = (url, params) => request('HEAD', url, null, params);
export const options = (url, body, params) => request('OPTIONS', url, body, params);
export const post = (url, body, params) => request('POST', url, body, params);
export const put = (url, body, params) => request('PUT', url, body, params);
export const patch = (url, body, params) => request('PATCH', url, body, params);
export const del = (url, body, params) => request('DELETE', url, body, params);

export function batch() {
  throw new Error('k6-lite does not support http.batch');
}

export default { request, get, head, options, post, put, patch, del, batch };
