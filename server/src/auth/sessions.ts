/**
 * Session configuration (lucia v3): cookie `tandem_session`, HttpOnly, SameSite=Lax,
 * Path=/, Secure when served over HTTPS, 30 days. lucia slides the expiry forward
 * when a session is used in the second half of its life (`session.fresh`).
 */
import type { Database } from '@tandem/persistence';
import { Lucia, TimeSpan } from 'lucia';
import type { Config } from '../config';
import { createSessionAdapter } from './session-adapter';

export const SESSION_COOKIE = 'tandem_session';

export interface SessionUserAttributes {
  id: string;
  username: string;
  email: string;
  reviewerLevel: number;
  createdAt: number;
}

export function createLucia(db: Database, config: Config) {
  return new Lucia(createSessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(30, 'd'),
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: true,
      attributes: { sameSite: 'lax', path: '/', secure: config.secureCookies },
    },
    getUserAttributes: (attributes) => attributes,
  });
}

export type Sessions = ReturnType<typeof createLucia>;

declare module 'lucia' {
  interface Register {
    Lucia: Sessions;
    DatabaseUserAttributes: SessionUserAttributes;
  }
}
