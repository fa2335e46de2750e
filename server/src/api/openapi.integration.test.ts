/**
 * The OpenAPI document matches the router: every route is documented with its
 * method, and every documented operation is routed. Also: the document is served,
 * and the docs page lists every operation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** `/api/workspaces/:id/files/*` → `/api/workspaces/{id}/files/{path}` */
const toOpenApiPath = (pattern: string) => pattern.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\*$/, '{path}');

async function fetchDocument() {
  const res = await fetch(`${server.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  return res.json();
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document with the error schema and both security schemes', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'tandem_session' });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every route with its method, and routes every documented operation', async () => {
    const doc = await fetchDocument();
    const routed = new Set(server.router.routes().map((r) => `${r.method} ${toOpenApiPath(r.pattern)}`));
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item).filter((m) => METHODS.includes(m))) documented.add(`${method.toUpperCase()} ${path}`);
    }
    expect([...routed].filter((r) => !documented.has(r)), 'routes missing from the OpenAPI document').toEqual([]);
    expect([...documented].filter((d) => !routed.has(d)), 'documented operations with no route').toEqual([]);
  });

  it('documents 503 `database_unavailable` with Retry-After on every operation outside operations', async () => {
    const doc = await fetchDocument();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { tags: string[]; responses: Record<string, { description: string }> }>>)) {
      for (const [method, operation] of Object.entries(item).filter(([m]) => METHODS.includes(m))) {
        if (operation.tags.includes('operations')) continue;
        expect(operation.responses['503']?.description, `${method.toUpperCase()} ${path}`).toContain('`database_unavailable`');
      }
    }
    expect(doc.paths['/api/workspaces'].get.responses['503'].headers['Retry-After']).toBeDefined();
    expect(doc.paths['/api/health/ready'].get.responses['503']).toBeDefined();
  });

  it('resolves every $ref to a component schema', async () => {
    const doc = await fetchDocument();
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
  });
});

describe('GET /api/docs', () => {
  it('is a self-contained HTML page listing every operation', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).not.toMatch(/<script|https?:\/\/(?!127)/);
    const doc = await fetchDocument();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      const escaped = path.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      for (const method of Object.keys(item).filter((m) => METHODS.includes(m))) {
        expect(html).toContain(`<span class="m ${method}">${method.toUpperCase()}</span> <code>${escaped}</code>`);
      }
    }
  });
});
