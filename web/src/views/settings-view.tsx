'use client';
/**
 * Your settings, one section each (views/settings/): profile, password, API tokens,
 * editor and appearance, and the reviewer level you hold yourself to.
 */
import { useEffect, useState } from 'react';
import { useSession } from '../hooks/use-session';
import type { User } from '../lib/types';
import { EditorSection } from './settings/editor-section';
import { PasswordSection } from './settings/password-section';
import { ProfileSection } from './settings/profile-section';
import { ReviewerLevelSection } from './settings/reviewer-level-section';
import { TokensSection } from './settings/tokens-section';
import { TopBar } from './top-bar';

export function SettingsView() {
  const { user: signedIn, error: sessionError, signOut } = useSession();
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => setUser(signedIn), [signedIn]);

  if (!user) return <div className="page muted">{sessionError ?? 'Loading…'}</div>;
  return (
    <>
      <TopBar user={user} onSignOut={signOut}><span className="muted">/</span><strong>Settings</strong></TopBar>
      <main className="page settings">
        <ProfileSection user={user} onUser={setUser} />
        <EditorSection user={user} onUser={setUser} />
        <PasswordSection />
        <TokensSection />
        <ReviewerLevelSection user={user} onUser={setUser} />
      </main>
    </>
  );
}
