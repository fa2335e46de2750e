/**
 * For tests: checks JSON values against the schemas of an OpenAPI 3.1 document
 * (JSON Schema 2020-12), with Ajv. Closed by default: an object may hold only the
 * properties its schema documents, so a field the server sends but the document does
 * not name fails too.
 */
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

export interface DocumentValidator {
  /** The schema of an operation's response, e.g. `('post', '/api/auth/register', 201)`. */
  responseSchema(method: string, path: string, status: number, mediaType?: string): Json;
  /** Null when `value` matches `schema`, else Ajv's errors. */
  errors(schema: Json, value: unknown): ErrorObject[] | null;
}

export function documentValidator(doc: Json, { closed = true } = {}): DocumentValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const components = ((doc.components ?? {}) as Json).schemas as Json;
  const shut = (schema: Json) => (closed ? closeObjects(schema) : schema);
  const closedComponents = Object.fromEntries(Object.entries(components ?? {}).map(([name, s]) => [name, shut(s as Json)]));
  return {
    responseSchema(method, path, status, mediaType = 'application/json') {
      const operation = ((doc.paths as Record<string, Json>)[path]?.[method] ?? {}) as Json;
      const response = (operation.responses as Record<string, Json> | undefined)?.[String(status)];
      const schema = ((response?.content as Record<string, Json> | undefined)?.[mediaType]?.schema ?? null) as Json | null;
      if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no ${mediaType} ${status} response`);
      return schema;
    },
    errors(schema, value) {
      // `#/components/schemas/X` resolves within the schema compiled, so the components travel with it.
      const validate = ajv.compile({ ...shut(schema), components: { schemas: closedComponents } });
      return validate(value) ? null : (validate.errors ?? []);
    },
  };
}

/** Every object schema with `properties` and no word on others gets `unevaluatedProperties: false`. */
function closeObjects(schema: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([name, s]) => [name, closeObjects(s as Json)]));
    } else if (Array.isArray(value)) {
      out[key] = value.map((v) => (v && typeof v === 'object' ? closeObjects(v as Json) : v));
    } else if (value && typeof value === 'object' && key !== 'enum' && key !== 'const' && key !== 'default') {
      out[key] = closeObjects(value as Json);
    } else {
      out[key] = value;
    }
  }
  if (out.properties && out.additionalProperties === undefined && out.unevaluatedProperties === undefined) out.unevaluatedProperties = false;
  return out;
}
