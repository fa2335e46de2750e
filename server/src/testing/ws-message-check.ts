/**
 * What the server sends on `/ws` must be exactly a protocol message (@tandem/protocol):
 * the schema accepts it and strips nothing from it (no field the protocol lacks). The
 * workspace-socket test clients check every frame they get with this.
 */
import { isDeepStrictEqual } from 'node:util';
import { serverMessageSchema } from '@tandem/protocol';

/** Null when `value` is a protocol server message, else what is wrong with it. */
export function serverMessageProblem(value: unknown): string | null {
  const parsed = serverMessageSchema.safeParse(value);
  const shown = JSON.stringify(value).slice(0, 400);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `not a protocol message: ${shown} (${issue?.path.join('.') || 'type'}: ${issue?.message})`;
  }
  return isDeepStrictEqual(parsed.data, value) ? null : `fields the protocol does not have: ${shown}`;
}
