import type { AccountRow } from '@tandem/persistence';
import { resolvePreferences, type User } from '@tandem/protocol';

/** A user as the API shows them to themselves (`User` of @tandem/protocol): never the password hash; times as ISO 8601. */
export function userJson(user: AccountRow): User {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    reviewerLevel: user.reviewerLevel,
    createdAt: new Date(user.createdAt).toISOString(),
    preferences: resolvePreferences(user.preferences),
  };
}
