/** A route's query string through its protocol schema: the parsed value, or 400 `validation_failed` naming the field. */
import type { output, ZodTypeAny } from 'zod';
import { badRequest } from '../http/errors';
import type { RequestContext } from '../http/router';

export function parseQuery<S extends ZodTypeAny>(req: RequestContext, schema: S): output<S> {
  const parsed = schema.safeParse(Object.fromEntries(req.query));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw badRequest('validation_failed', `${issues[0]?.path || 'query'}: ${issues[0]?.message ?? 'not valid'}`, { issues });
}
