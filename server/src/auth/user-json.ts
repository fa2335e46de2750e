import type { UserRow } from '@tandem/persistence';
import type { User } from '@tandem/protocol';

/** A user as the API shows it (`User` of @tandem/protocol): never the password hash; times as ISO 8601. */
export function userJson(user: UserRow): User {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    reviewerLevel: user.reviewerLevel,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}
