/**
 * API tokens: `Authorization: Bearer tdm_...` for scripts and k6, `?token=` on
 * WebSockets. The value is shown once, when it is created; only its hash is kept.
 */
import { isoTimeSchema, uuidSchema } from './fields';
import { z } from './zod';

export const createTokenBodySchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
});
export type CreateTokenBody = z.input<typeof createTokenBodySchema>;

export const tokenParamsSchema = z.object({ id: uuidSchema.openapi({ description: 'The token id' }) });

export const tokenSchema = z
  .object({
    id: uuidSchema,
    name: z.string(),
    createdAt: isoTimeSchema,
    lastUsedAt: isoTimeSchema.nullable().openapi({ description: 'Updated at most once a minute' }),
  })
  .openapi('Token');
export type Token = z.infer<typeof tokenSchema>;

export const tokenListSchema = z.object({ tokens: z.array(tokenSchema) });
export type TokenList = z.infer<typeof tokenListSchema>;

export const createdTokenSchema = z
  .object({
    id: uuidSchema,
    name: z.string(),
    token: z
      .string()
      .regex(/^tdm_[A-Za-z0-9_-]{43}$/)
      .openapi({ description: 'Shown this once; only its hash is stored' }),
    createdAt: isoTimeSchema,
  })
  .openapi('CreatedToken');
export type CreatedToken = z.infer<typeof createdTokenSchema>;
