/**
 * Accounts: what register and login accept, and the user they answer with. The rules
 * are the product's: usernames 3-32 of [a-z0-9_-]; a valid email, compared and stored
 * in lower case; passwords of at least 10 characters and at most 1024 bytes (argon2
 * hashes the whole input, so the upper bound caps the work one request can ask for).
 * Unknown fields are ignored (stripped), so clients may send more than is read.
 */
import { utf8ByteLength } from '../utf8-length';
import { isoTimeSchema, uuidSchema } from './fields';
import { preferencesSchema } from './preferences';
import { z } from './zod';

export const PASSWORD_MIN_CHARS = 10;
export const PASSWORD_MAX_BYTES = 1024;

export const usernameSchema = z
  .string()
  .min(3, 'must be at least 3 characters')
  .max(32, 'must be at most 32 characters')
  .regex(/^[a-z0-9_-]+$/, 'may contain only lower-case letters, digits, _ and -');

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .email('must be a valid email address')
  .transform((value) => value.toLowerCase())
  .openapi({ description: 'Stored in lower case; unique regardless of case' });

const passwordBytes = z
  .string()
  .refine((value) => utf8ByteLength(value, PASSWORD_MAX_BYTES) <= PASSWORD_MAX_BYTES, `must be at most ${PASSWORD_MAX_BYTES} bytes`);

/** Counted in code points, so an emoji is one character, as a person (and JSON Schema's minLength) counts it. */
export const newPasswordSchema = passwordBytes
  .refine((value) => [...value].length >= PASSWORD_MIN_CHARS, `must be at least ${PASSWORD_MIN_CHARS} characters`)
  .openapi({ minLength: PASSWORD_MIN_CHARS, description: `At least ${PASSWORD_MIN_CHARS} characters, at most ${PASSWORD_MAX_BYTES} bytes of UTF-8` });

export const registerBodySchema = z.object({ username: usernameSchema, email: emailSchema, password: newPasswordSchema }).openapi('RegisterRequest');
export type RegisterBody = z.input<typeof registerBodySchema>;

/**
 * Login takes any username shape (lower-cased, since registration allows nothing
 * else) so that a malformed one is simply wrong credentials, not a hint.
 */
export const loginBodySchema = z
  .object({
    username: z.string().min(1, 'is required').max(256).transform((value) => value.toLowerCase()),
    password: passwordBytes
      .pipe(z.string().min(1, 'is required'))
      .openapi({ minLength: 1, description: `At most ${PASSWORD_MAX_BYTES} bytes of UTF-8` }),
  })
  .openapi('LoginRequest');
export type LoginBody = z.input<typeof loginBodySchema>;

/** A user as the API shows them to themselves: never the password hash. */
export const userSchema = z
  .object({
    id: uuidSchema,
    username: z.string(),
    email: z.string().email(),
    reviewerLevel: z.number().int().min(0).max(4),
    createdAt: isoTimeSchema,
    preferences: preferencesSchema.openapi({ description: 'Every field, the defaults filled in for what was never set' }),
  })
  .openapi('User');
export type User = z.infer<typeof userSchema>;

/** What register, login and `GET /api/auth/me` answer. */
export const userEnvelopeSchema = z.object({ user: userSchema }).openapi('UserEnvelope');
export type UserEnvelope = z.infer<typeof userEnvelopeSchema>;
