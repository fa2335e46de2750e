'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { User } from '../lib/types';

export function TopBar({ user, onSignOut, children, right }: { user: User; onSignOut(): void; children?: ReactNode; right?: ReactNode }) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">Tandem</Link>
      {children}
      <span className="spacer" />
      {right}
      <span className="muted" data-testid="me">{user.username}</span>
      <button className="link" onClick={onSignOut}>Sign out</button>
    </header>
  );
}
