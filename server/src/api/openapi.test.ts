/**
 * The generated OpenAPI document, without a server: OpenAPI 3.1 in shape (every
 * operation with its parameters, request and response schemas, every schema valid
 * JSON Schema 2020-12), and the error codes: the `Error` schema's enum holds every
 * code the responses name and every code the server's source answers with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutorErrorCode } from '@tandem/executor';
import { HTTP_ERROR_CODES, type HttpErrorCode } from '@tandem/protocol';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DocumentTooLargeError } from '../sync/document-size';
import type { UnsavedLimitError } from '../sync/unsaved-budget';
import type { NameProblem } from '../workspace/names';
import type { MovePlan } from '../workspace/tree';
import { buildOpenApiDocument } from './openapi';
import { documentValidator } from './openapi-test-validator';

type Json = Record<string, any>;
const doc = buildOpenApiDocument() as unknown as Json;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, op: op as Json })),
);
const schemasOf = (holder: Json | undefined): Json[] => Object.values((holder?.content ?? {}) as Record<string, Json>).map((m) => m.schema);

describe('the generated OpenAPI document', () => {
  it('is OpenAPI 3.1 with the error schema and every security scheme the operations name', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Tandem API', version: '1' });
    expect(doc.components.schemas.Error.required).toEqual(['error']);
    const schemes = Object.keys(doc.components.securitySchemes);
    const named = new Set(operations.flatMap((o) => (o.op.security ?? []).flatMap((s: Json) => Object.keys(s))));
    for (const scheme of named) expect(schemes).toContain(scheme);
  });

  it('gives every operation a tag that is declared, a summary, and described responses with schemas', () => {
    const tags = (doc.tags as Json[]).map((t) => t.name);
    expect(operations.length).toBeGreaterThanOrEqual(27);
    for (const { name, op } of operations) {
      expect(tags, name).toContain(op.tags?.[0]);
      expect(op.summary, name).toBeTruthy();
      const responses = Object.entries(op.responses as Record<string, Json>);
      expect(responses.some(([status]) => status.startsWith('2')), `${name} has a success response`).toBe(true);
      for (const [status, response] of responses) {
        expect(status, name).toMatch(/^[1-5]\d\d$/);
        expect(response.description, `${name} ${status}`).toBeTruthy();
        for (const schema of schemasOf(response)) expect(schema, `${name} ${status}`).toBeTypeOf('object');
        // Errors carry the error body; a health check that is not ready answers its own.
        const health = op.tags.includes('operations') && status === '503';
        if (Number(status) >= 400 && !health) expect(schemasOf(response), `${name} ${status}`).toEqual([{ $ref: '#/components/schemas/Error' }]);
      }
    }
  });

  it('declares every `{parameter}` of a path as a required path parameter with a schema', () => {
    for (const { name, path, op } of operations) {
      const declared = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'path');
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(declared.map((p) => p.name).sort(), name).toEqual(inPath.sort());
      for (const p of declared) expect(p, name).toMatchObject({ required: true, schema: { type: 'string' } });
    }
  });

  it('documents the request body of every operation that reads one', () => {
    const withBody = operations.filter((o) => o.op.requestBody).map((o) => o.name);
    expect(withBody.sort()).toEqual(
      [
        'POST /api/auth/register',
        'POST /api/auth/login',
        'POST /api/tokens',
        'POST /api/workspaces',
        'POST /api/workspaces/import',
        'PATCH /api/workspaces/{id}',
        'POST /api/workspaces/{id}/members',
        'PATCH /api/workspaces/{id}/members/{userId}',
        'POST /api/workspaces/{id}/items',
        'PATCH /api/workspaces/{id}/items/{itemId}',
        'PUT /api/workspaces/{id}/files/{path}',
        'POST /api/workspaces/{id}/run',
        'PUT /api/workspaces/{id}/settings',
        'POST /api/workspaces/{id}/reviews',
        'POST /api/reviews/{id}/transitions',
        'PATCH /api/users/me',
        'POST /api/users/me/password',
        'POST /api/workspaces/{id}/threads',
        'PATCH /api/workspaces/{id}/threads/{threadId}',
        'POST /api/workspaces/{id}/threads/{threadId}/comments',
        'PATCH /api/workspaces/{id}/threads/{threadId}/comments/{commentId}',
        'POST /api/workspaces/{id}/threads/{threadId}/apply-suggestion',
        'PUT /api/workspaces/{id}/drafts/{key}',
      ].sort(),
    );
    for (const { name, op } of operations.filter((o) => o.op.requestBody)) {
      expect(op.requestBody.required, name).toBe(true);
      expect(schemasOf(op.requestBody).length, name).toBe(1);
    }
  });

  it('keeps the limits the routes enforce', () => {
    const body = (path: string, method: string) => doc.paths[path][method].requestBody.content['application/json'].schema;
    expect(doc.components.schemas.RegisterRequest.properties).toMatchObject({
      username: { minLength: 3, maxLength: 32, pattern: '^[a-z0-9_-]+$' },
      email: { maxLength: 254, format: 'email' },
      password: { minLength: 10 },
    });
    expect(body('/api/tokens', 'post').properties.name).toMatchObject({ minLength: 1, maxLength: 100 });
    expect(body('/api/workspaces', 'post').properties).toMatchObject({
      name: { minLength: 1, maxLength: 100 },
      language: { enum: ['python', 'javascript', 'typescript', 'go', 'bash'], default: 'python' },
    });
    expect(body('/api/workspaces/{id}/members', 'post').properties).toMatchObject({
      username: { minLength: 1, maxLength: 64 },
      role: { enum: ['editor', 'viewer'] },
    });
    expect(body('/api/workspaces/{id}/items', 'post').properties.parentId).toMatchObject({ type: ['string', 'null'], format: 'uuid', default: null });
    expect(body('/api/workspaces/{id}/items', 'post').required).toEqual(['name', 'type']);
    expect(body('/api/workspaces/{id}/run', 'post').properties.command).toMatchObject({ minLength: 1 });
  });

  it('holds only schemas that are valid JSON Schema 2020-12, and every $ref resolves', () => {
    const validator = documentValidator(doc);
    for (const { name, op } of operations) {
      for (const holder of [op.requestBody, ...Object.values(op.responses as Record<string, Json>)]) {
        for (const schema of schemasOf(holder)) expect(() => validator.errors(schema, null), name).not.toThrow();
      }
    }
  });

  it('answers 503 `database_unavailable` with Retry-After from every operation outside operations', () => {
    for (const { name, op } of operations.filter((o) => !o.op.tags.includes('operations'))) {
      expect(op.responses['503']?.description, name).toContain('`database_unavailable`');
    }
  });
});

describe('the error codes', () => {
  const enumCodes: string[] = doc.components.schemas.Error.properties.error.properties.code.enum;

  it('are the Error schema enum, exactly', () => {
    expect(enumCodes).toEqual([...HTTP_ERROR_CODES]);
  });

  it('include every code an operation documents, and each is documented somewhere', () => {
    const documented = new Set<string>();
    const texts = [doc.info.description, ...operations.flatMap((o) => Object.values(o.op.responses as Record<string, Json>).map((r) => r.description))];
    for (const text of texts) for (const [, code] of String(text).matchAll(/`([a-z_]+)`/g)) documented.add(code!);
    for (const { op } of operations) {
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        if (Number(status) < 400) continue;
        const listed = /\(code: ([^)]*)\)$/.exec(response.description)?.[1] ?? '';
        for (const [, code] of listed.matchAll(/`([a-z_]+)`/g)) expect(enumCodes).toContain(code);
      }
    }
    // The executor's codes reach HTTP through `run` only as a group of 503s.
    const unreachable = ['terminal_not_found', 'terminal_exited'];
    expect(enumCodes.filter((c) => !documented.has(c) && !unreachable.includes(c))).toEqual([]);
  });

  it('include every code the server answers with', () => {
    const serverSrc = fileURLToPath(new URL('..', import.meta.url));
    const found = new Map<string, string>();
    const patterns = [
      /new HttpError\(\s*\d{3},\s*'([a-z_]+)'/g,
      /(?:badRequest|conflict|serviceUnavailable)\(\s*'([a-z_]+)'/g,
      /(?:forbidden|notFound)\([^)]*?,\s*'([a-z_]+)'\)/g,
      /error: \{ code: '([a-z_]+)'/g,
      /status: \d{3}, code: '([a-z_]+)'/g,
    ];
    for (const file of sourceFiles(serverSrc)) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) for (const [, code] of text.matchAll(pattern)) found.set(code!, file);
    }
    expect(found.size).toBeGreaterThan(30);
    expect([...found].filter(([code]) => !enumCodes.includes(code)).map(([code, file]) => `${code} (${file})`)).toEqual([]);
  });

  it('include, by type, every code the server copies from an error it did not make', () => {
    expectTypeOf<ExecutorErrorCode>().toExtend<HttpErrorCode>(); // run: any ExecutorError is a 503 with its code
    expectTypeOf<DocumentTooLargeError['code']>().toExtend<HttpErrorCode>();
    expectTypeOf<UnsavedLimitError['code']>().toExtend<HttpErrorCode>();
    expectTypeOf<NameProblem['code']>().toExtend<HttpErrorCode>();
    expectTypeOf<Extract<MovePlan, { ok: false }>['code']>().toExtend<HttpErrorCode>();
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}
