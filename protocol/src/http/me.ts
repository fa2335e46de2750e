/**
 * Your own account: `PATCH /api/users/me` changes any of email, reviewer level and
 * preferences (a partial change, merged over what is stored), and
 * `POST /api/users/me/password` changes the password given the current one.
 */
import { emailSchema, newPasswordSchema, PASSWORD_MAX_BYTES } from './auth';
import { preferencesPatchSchema } from './preferences';
import { reviewerLevelSchema } from './reviews';
import { utf8ByteLength } from '../utf8-length';
import { z } from './zod';

export const updateMeBodySchema = z
  .object({
    email: emailSchema.optional(),
    reviewerLevel: reviewerLevelSchema.optional().openapi({ description: 'Every change of level is recorded (reviewer_level_events)' }),
    preferences: preferencesPatchSchema.optional(),
  })
  .refine((body) => body.email !== undefined || body.reviewerLevel !== undefined || body.preferences !== undefined, {
    message: 'give at least one of email, reviewerLevel, preferences',
  })
  .openapi('UpdateMeRequest');
export type UpdateMeBody = z.input<typeof updateMeBodySchema>;

export const changePasswordBodySchema = z
  .object({
    currentPassword: z
      .string()
      .min(1, 'is required')
      .refine((value) => utf8ByteLength(value, PASSWORD_MAX_BYTES) <= PASSWORD_MAX_BYTES, `must be at most ${PASSWORD_MAX_BYTES} bytes`)
      .openapi({ minLength: 1 }),
    newPassword: newPasswordSchema,
  })
  .openapi('ChangePasswordRequest');
export type ChangePasswordBody = z.input<typeof changePasswordBodySchema>;
