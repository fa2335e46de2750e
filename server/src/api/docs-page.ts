/**
 * The readable API docs at /api/docs: the OpenAPI document rendered to one
 * self-contained HTML page on the server (no CDN, no script: the machine may have
 * no internet, and the page should work with JavaScript off). Pure: document in,
 * HTML out.
 */
type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `document` is an OpenAPI document (`buildOpenApiDocument()`), read as plain JSON. */
export function renderDocsPage(document: object): string {
  const doc = document as Json;
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Record<string, Json>;
  const schemas = (((doc.components ?? {}) as Json).schemas ?? {}) as Record<string, Json>;
  const tags = ((doc.tags ?? []) as Array<{ name: string; description?: string }>).map((t) => t.name);

  const ops: Array<{ method: string; path: string; op: Json; tag: string }> = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (op) ops.push({ method, path, op, tag: ((op.tags as string[] | undefined) ?? ['other'])[0]! });
    }
  }
  const groups = [...new Set([...tags, ...ops.map((o) => o.tag)])].filter((tag) => ops.some((o) => o.tag === tag));
  const tagInfo = new Map(((doc.tags ?? []) as Array<{ name: string; description?: string }>).map((t) => [t.name, t.description]));

  const toc = groups
    .map((tag) => `<li><a href="#tag-${attr(tag)}">${esc(tag)}</a><ul>${ops
      .filter((o) => o.tag === tag)
      .map((o) => `<li><a href="#${anchor(o.method, o.path)}"><span class="m ${o.method}">${o.method.toUpperCase()}</span> ${esc(o.path)}</a></li>`)
      .join('')}</ul></li>`)
    .join('');
  const sections = groups
    .map((tag) => {
      const description = tagInfo.get(tag);
      return `<section><h2 id="tag-${attr(tag)}">${esc(tag)}</h2>${description ? `<p>${inline(description)}</p>` : ''}${ops
        .filter((o) => o.tag === tag)
        .map((o) => renderOperation(o.method, o.path, o.op, schemas))
        .join('')}</section>`;
    })
    .join('');
  const schemaList = Object.entries(schemas)
    .map(([name, schema]) => `<div class="schema" id="schema-${attr(name)}"><h3>${esc(name)}</h3><pre>${schemaHtml(schema, 0)}</pre></div>`)
    .join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(String(info.title ?? 'API'))} reference</title>
<style>${CSS}</style></head>
<body><main>
<h1>${esc(String(info.title ?? 'API'))} <small>v${esc(String(info.version ?? ''))} · <a href="/api/openapi.json">openapi.json</a></small></h1>
<p>${inline(String(info.description ?? ''))}</p>
<nav><h2>Endpoints</h2><ul>${toc}</ul></nav>
${sections}
<section><h2 id="schemas">Schemas</h2>${schemaList}</section>
</main></body></html>`;
}

function renderOperation(method: string, path: string, op: Json, schemas: Record<string, Json>): string {
  const security = op.security ? '<span class="auth">sign-in required (cookie or bearer token)</span>' : '';
  const params = ((op.parameters ?? []) as Json[])
    .map((p) => `<li><code>${esc(String(p.name))}</code> (${esc(String(p.in))}) ${p.description ? inline(String(p.description)) : ''}: <code>${schemaHtml((p.schema ?? {}) as Json, 0)}</code>${notes((p.schema ?? {}) as Json) ? ` <span class="note">(${notes((p.schema ?? {}) as Json)})</span>` : ''}</li>`)
    .join('');
  const body = op.requestBody as Json | undefined;
  const bodySchema = body ? firstSchema(body) : undefined;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
    .map(([status, r]) => {
      const schema = firstSchema(r);
      return `<tr><td class="status s${status[0]}">${esc(status)}</td><td>${inline(String(r.description ?? ''))}${
        schema ? `<pre>${expanded(schema, schemas)}</pre>` : ''
      }</td></tr>`;
    })
    .join('');
  return `<article id="${anchor(method, path)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code> ${security}</h3>
<p>${inline(String(op.summary ?? ''))}</p>${op.description ? `<p>${inline(String(op.description))}</p>` : ''}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${bodySchema ? `<h4>Request body <small>(${esc(mediaType(body!))})</small></h4><pre>${expanded(bodySchema, schemas)}</pre>` : ''}
<h4>Responses</h4><table>${responses}</table></article>`;
}

/**
 * A body's schema with a top-level ref spelled out, so each endpoint reads on its
 * own; the error body is the same everywhere and stays a link.
 */
function expanded(schema: Json, schemas: Record<string, Json>): string {
  const name = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop()! : undefined;
  const target = name ? schemas[name] : undefined;
  if (!name || !target || name === 'Error') return schemaHtml(schema, 0);
  return `${schemaHtml(schema, 0)} ${schemaHtml(target, 0)}`;
}

const mediaType = (holder: Json) => Object.keys((holder.content ?? {}) as Json)[0] ?? '';

function firstSchema(holder: Json): Json | undefined {
  const content = holder.content as Record<string, Json> | undefined;
  if (!content) return undefined;
  const first = Object.values(content)[0];
  return first?.schema as Json | undefined;
}

/** A schema as a compact TypeScript-like type, with refs linked to the Schemas section. */
export function schemaHtml(schema: Json, depth: number): string {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    return `<a href="#schema-${attr(name)}">${esc(name)}</a>`;
  }
  if ('const' in schema) return esc(JSON.stringify(schema.const));
  // What zod-to-openapi writes for a nullable or otherwise combined schema.
  const either = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (Array.isArray(either)) return either.map((s) => schemaHtml(s, depth)).join(' | ');
  if (Array.isArray(schema.allOf)) return (schema.allOf as Json[]).map((s) => schemaHtml(s, depth)).join(' &amp; ');
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => esc(JSON.stringify(v))).join(' | ');
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [String(schema.type)] : [];
  if (types.includes('object') || schema.properties) {
    const required = new Set((schema.required ?? []) as string[]);
    const props = Object.entries((schema.properties ?? {}) as Record<string, Json>);
    if (!props.length) return 'object';
    const pad = '  '.repeat(depth + 1);
    const lines = props.map(([name, prop]) => {
      const note = notes(prop);
      return `${pad}${esc(name)}${required.has(name) ? '' : '?'}: ${schemaHtml(prop, depth + 1)}${note ? ` <span class="note">// ${note}</span>` : ''}`;
    });
    return `{\n${lines.join('\n')}\n${'  '.repeat(depth)}}`;
  }
  if (types.includes('array')) return `${schemaHtml((schema.items ?? {}) as Json, depth)}[]`;
  if (!types.length) return 'any';
  return types.map((t) => (t === 'integer' ? 'integer' : t)).join(' | ');
}

function notes(schema: Json): string {
  const parts: string[] = [];
  if (schema.format) parts.push(String(schema.format));
  if (schema.pattern) parts.push(`pattern ${String(schema.pattern)}`);
  if (schema.minLength !== undefined) parts.push(`min length ${String(schema.minLength)}`);
  if (schema.maxLength !== undefined) parts.push(`max length ${String(schema.maxLength)}`);
  if (schema.minimum !== undefined) parts.push(`≥ ${String(schema.minimum)}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${String(schema.maximum)}`);
  if (schema.description) parts.push(String(schema.description));
  return esc(parts.join('; '));
}

const anchor = (method: string, path: string) => `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attr = (s: string) => esc(s.replace(/[^A-Za-z0-9_-]+/g, '-'));
/** Escapes, then shows `backticked` text as code (the only markup the descriptions use). */
const inline = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const CSS = `
body{font:15px/1.5 system-ui,sans-serif;color:#1d1f23;background:#fafafa;margin:0}
main{max-width:60rem;margin:0 auto;padding:2rem 1.25rem 4rem}
h1 small{font-size:.55em;font-weight:400;color:#666}
h2{border-bottom:1px solid #ddd;padding-bottom:.25rem;margin-top:2.5rem;text-transform:capitalize}
article{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:.25rem 1rem 1rem;margin:1rem 0}
article h3{font-size:1.05rem}
h4{margin:.75rem 0 .25rem;font-size:.9rem;color:#444}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:#f4f5f7;padding:.5rem .75rem;border-radius:4px;overflow-x:auto;margin:.25rem 0}
table{border-collapse:collapse;width:100%}td{border-top:1px solid #eee;padding:.35rem .5rem;vertical-align:top}
.status{font-weight:600;width:4rem}.s2{color:#1a7f37}.s4{color:#b35900}.s5{color:#c62828}
.m{display:inline-block;min-width:4.2em;text-align:center;border-radius:3px;color:#fff;font:600 12px/1.8 ui-monospace,monospace;padding:0 .3em}
.get{background:#1f6feb}.post{background:#1a7f37}.put{background:#9a6700}.patch{background:#8250df}.delete{background:#c62828}
.auth{font-size:.75rem;font-weight:400;color:#666;margin-left:.5rem}
.note{color:#6a737d}nav ul{list-style:none;padding-left:1rem}nav li{margin:.1rem 0}nav a{text-decoration:none}
`;
