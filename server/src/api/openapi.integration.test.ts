/**
 * The OpenAPI document matches the router: every route is documented with its
 * method, and every documented operation is routed. Also: the document is served,
 * the docs page lists every operation, and what the live server answers matches the
 * schema the document gives for that operation and status (no field more or less).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Answer } from '../workspace/test-client';
import { documentValidator } from './openapi-test-validator';

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

describe('answers of the live server', () => {
  /** The answer's body matches the schema the served document gives for this operation and status. */
  async function expectDocumented(method: string, path: string, answer: Answer) {
    const validator = documentValidator(await fetchDocument());
    const schema = validator.responseSchema(method, path, answer.status);
    expect(validator.errors(schema, answer.body), `${method.toUpperCase()} ${path} ${answer.status}: ${answer.text}`).toBeNull();
  }

  it('match their documented schemas: accounts, tokens, workspaces, members, items, files, errors', async () => {
    const anonymous = client(server.url);
    const username = `doc_${randomUUID().slice(0, 8)}`;
    const registered = await anonymous('POST', '/api/auth/register', { username, email: `${username}@example.com`, password: 'correct horse battery' });
    expect(registered.status).toBe(201);
    await expectDocumented('post', '/api/auth/register', registered);

    const cookie = registered.headers.get('set-cookie')!.split(';')[0]!;
    const created = await anonymous('POST', '/api/tokens', { name: 'openapi' }, { cookie, origin: server.url });
    expect(created.status).toBe(201);
    await expectDocumented('post', '/api/tokens', created);
    const call = client(server.url, created.body.token);
    await expectDocumented('get', '/api/tokens', await call('GET', '/api/tokens'));
    await expectDocumented('get', '/api/auth/me', await call('GET', '/api/auth/me'));

    const workspace = await call('POST', '/api/workspaces', { name: 'Documented' });
    expect(workspace.status).toBe(201);
    await expectDocumented('post', '/api/workspaces', workspace);
    const ws = `/api/workspaces/${workspace.body.workspace.id}`;
    await expectDocumented('get', '/api/workspaces', await call('GET', '/api/workspaces'));
    await expectDocumented('get', '/api/workspaces/{id}/members', await call('GET', `${ws}/members`));

    const folder = await call('POST', `${ws}/items`, { name: 'src', type: 'folder' });
    expect(folder.status).toBe(201);
    await expectDocumented('post', '/api/workspaces/{id}/items', folder);
    const written = await call('PUT', `${ws}/files/src/a.py`, 'print(1)\n');
    expect(written.status).toBe(201);
    await expectDocumented('put', '/api/workspaces/{id}/files/{path}', written);
    const replaced = await call('PUT', `${ws}/files/src/a.py`, 'print(2)\n');
    expect(replaced.status).toBe(200);
    await expectDocumented('put', '/api/workspaces/{id}/files/{path}', replaced);
    const items = await call('GET', `${ws}/items`);
    expect(items.body.items.map((i: { path: string }) => i.path).sort()).toEqual(['main.py', 'src', 'src/a.py']);
    await expectDocumented('get', '/api/workspaces/{id}/items', items);

    // Errors: the error body, with a code of the Error schema's enum.
    const invalid = await call('POST', '/api/workspaces', { name: '' });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'validation_failed']);
    await expectDocumented('post', '/api/workspaces', invalid);
    const taken = await call('POST', `${ws}/items`, { name: 'src', type: 'folder' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'name_taken']);
    await expectDocumented('post', '/api/workspaces/{id}/items', taken);
    const missing = await call('GET', `/api/workspaces/${randomUUID()}`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'workspace_not_found']);
    await expectDocumented('get', '/api/workspaces/{id}', missing);
    await expectDocumented('get', '/api/auth/me', await anonymous('GET', '/api/auth/me'));
  });

  it('match their documented schemas: operations', async () => {
    const anonymous = client(server.url);
    await expectDocumented('get', '/api/health', await anonymous('GET', '/api/health'));
    await expectDocumented('get', '/api/health/ready', await anonymous('GET', '/api/health/ready'));
    await expectDocumented('get', '/api/health/detailed', await anonymous('GET', '/api/health/detailed'));
  });
});
