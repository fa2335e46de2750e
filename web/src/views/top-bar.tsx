'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { User } from '../lib/types';
import { NotificationBell } from './notification-bell';

export function TopBar({ user, onSignOut, children, right }: { user: User; onSignOut(): void; children?: ReactNode; right?: ReactNode }) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">Tandem</Link>
      {children}
      <span className="spacer" />
      {right}
      <Link href="/reviews" className="muted">Reviews</Link>
      <NotificationBell />
      <Link href="/settings" className="muted" data-testid="me" title="Settings">{user.username}</Link>
      <button className="link" onClick={onSignOut}>Sign out</button>
    </header>
  );
}
