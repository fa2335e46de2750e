import { describe, expect, it } from 'vitest';
import { renderDocsPage, schemaHtml } from './docs-page';
import { buildOpenApiDocument } from './openapi';

describe('schemaHtml', () => {
  it('renders objects as a TypeScript-like type, optional fields marked, refs linked', () => {
    const html = schemaHtml(
      {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string', format: 'uuid' }, owner: { $ref: '#/components/schemas/User' }, tags: { type: 'array', items: { type: 'string' } } },
      },
      0,
    );
    expect(html).toContain('id: string <span class="note">// uuid</span>');
    expect(html).toContain('owner?: <a href="#schema-User">User</a>');
    expect(html).toContain('tags?: string[]');
  });

  it('renders enums, consts and nullable types', () => {
    expect(schemaHtml({ enum: ['editor', 'viewer'] }, 0)).toBe('&quot;editor&quot; | &quot;viewer&quot;');
    expect(schemaHtml({ const: 'ok' }, 0)).toBe('&quot;ok&quot;');
    expect(schemaHtml({ type: ['string', 'null'] }, 0)).toBe('string | null');
  });

  it('renders combined schemas: anyOf and oneOf as a union, allOf as an intersection', () => {
    const user = { $ref: '#/components/schemas/User' };
    expect(schemaHtml({ anyOf: [user, { type: 'null' }] }, 0)).toBe('<a href="#schema-User">User</a> | null');
    expect(schemaHtml({ oneOf: [{ type: 'string' }, { type: 'integer' }] }, 0)).toBe('string | integer');
    expect(schemaHtml({ allOf: [user, { type: 'object', properties: { x: { type: 'string' } } }] }, 0)).toBe(
      '<a href="#schema-User">User</a> &amp; {\n  x?: string\n}',
    );
  });
});

describe('renderDocsPage', () => {
  it('escapes text from the document', () => {
    const html = renderDocsPage({ info: { title: '<script>x</script>' }, paths: {} });
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script&gt;x');
  });

  it('lists the operations of the real document with their responses', () => {
    const html = renderDocsPage(buildOpenApiDocument());
    expect(html).toContain('<span class="m post">POST</span> <code>/api/auth/register</code>');
    expect(html).toContain('<code>username_taken</code>');
    expect(html).toContain('id="schema-Error"');
  });
});
