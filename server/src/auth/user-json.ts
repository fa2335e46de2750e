import type { UserRow } from '@tandem/persistence';

/** A user as the API shows it: never the password hash; times as ISO 8601. */
export interface UserJson {
  id: string;
  username: string;
  email: string;
  reviewerLevel: number;
  createdAt: string;
}

export function userJson(user: UserRow): UserJson {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    reviewerLevel: user.reviewerLevel,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}
