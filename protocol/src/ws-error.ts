/**
 * The `error` reply of the `/ws` socket (docs/protocols.md) and the `ref` a client may
 * put on any message to have it echoed there. Errors keep the socket open; `code` is
 * stable (`unknown_type`, `invalid_message`, `rate_limited`, `forbidden`, `internal`,
 * `item_not_found`, `terminal_limit`, and the executor's codes such as
 * `terminal_not_found`), `message` is for people.
 */
import { z } from 'zod';

export const MAX_REF_LENGTH = 64;

/** A ref the server echoes. Any other value is dropped (not refused): it could not be echoed safely. */
export const refSchema = z.union([z.number(), z.string().max(MAX_REF_LENGTH)]);
export type Ref = z.infer<typeof refSchema>;

export const errorMessageSchema = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  ref: refSchema.optional(),
});
export type ErrorMessage = z.infer<typeof errorMessageSchema>;

export function errorMessage(code: string, message: string, ref?: Ref): ErrorMessage {
  return ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref };
}
