/**
 * What register and login accept (zod, pure). The rules are the product's:
 * usernames 3-32 of [a-z0-9_-]; a valid email, compared and stored in lower case;
 * passwords of at least 10 characters and at most 1024 bytes (argon2 hashes the
 * whole input, so the upper bound caps the work one request can ask for).
 */
import { z } from 'zod';

export const PASSWORD_MIN_CHARS = 10;
export const PASSWORD_MAX_BYTES = 1024;

export const username = z
  .string()
  .min(3, 'must be at least 3 characters')
  .max(32, 'must be at most 32 characters')
  .regex(/^[a-z0-9_-]+$/, 'may contain only lower-case letters, digits, _ and -');

export const email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .email('must be a valid email address')
  .transform((value) => value.toLowerCase());

const passwordBytes = z
  .string()
  .refine((value) => Buffer.byteLength(value, 'utf8') <= PASSWORD_MAX_BYTES, `must be at most ${PASSWORD_MAX_BYTES} bytes`);

/** Counted in code points, so an emoji is one character, as a person would count it. */
export const newPassword = passwordBytes.refine(
  (value) => [...value].length >= PASSWORD_MIN_CHARS,
  `must be at least ${PASSWORD_MIN_CHARS} characters`,
);

/** Unknown fields are ignored (stripped), so clients may send more than we read. */
export const registerBody = z.object({ username, email, password: newPassword });
export type RegisterBody = z.infer<typeof registerBody>;

/**
 * Login takes any username shape (lower-cased, since registration allows nothing
 * else) so that a malformed one is simply wrong credentials, not a hint.
 */
export const loginBody = z
  .object({
    username: z.string().min(1, 'is required').max(256).transform((value) => value.toLowerCase()),
    password: passwordBytes.pipe(z.string().min(1, 'is required')),
  });
export type LoginBody = z.infer<typeof loginBody>;
