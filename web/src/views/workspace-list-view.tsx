'use client';
/** Your workspaces (owned and shared): create, open, rename, delete, manage members. */
import Link from 'next/link';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useSession } from '../hooks/use-session';
import { useReloadingAction } from '../hooks/use-reloading-action';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import { registerServiceWorker } from '../lib/service-worker';
import type { Workspace } from '../lib/types';
import { MembersPanel } from './members-panel';
import { TopBar } from './top-bar';
import { DownloadLinks, ImportArchiveForm } from './workspace-archive-actions';

const LANGUAGES = ['python', 'javascript', 'typescript', 'go', 'bash'];

export function WorkspaceListView() {
  const { user, error: sessionError, offline, signOut } = useSession();
  // The app shell is kept from here and from a workspace, so the IDE opens offline later.
  useEffect(() => registerServiceWorker(), []);
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [membersOf, setMembersOf] = useState<string | null>(null);

  const reload = useCallback(() => api.listWorkspaces().then(setWorkspaces, (e: unknown) => setError(describeError(e))), []);
  useEffect(() => {
    if (user) void reload();
  }, [user, reload]);

  const run = useReloadingAction(reload, setError);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    await run(() => api.createWorkspace(String(data.get('name')), String(data.get('language'))));
    form.reset();
  }

  async function rename(event: FormEvent<HTMLFormElement>, id: string) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name'));
    await run(() => api.renameWorkspace(id, name));
    setRenaming(null);
  }

  if (!user) return <div className="page muted">{sessionError ?? 'Loading…'}</div>;
  return (
    <>
      <TopBar user={user} onSignOut={signOut} />
      <main className="page">
        <section className="card">
          <h2>New workspace</h2>
          <form className="row" onSubmit={create}>
            <input name="name" placeholder="Workspace name" aria-label="Workspace name" required maxLength={100} style={{ flex: 1 }} />
            <select name="language" aria-label="Language" defaultValue="python">
              {LANGUAGES.map((l) => <option key={l}>{l}</option>)}
            </select>
            <button className="primary" type="submit">Create</button>
          </form>
          <h2 className="archive-heading">Import archive</h2>
          <ImportArchiveForm onImported={() => void reload()} />
        </section>
        {offline && <p className="muted" data-testid="offline">Offline — the server cannot be reached; open a workspace to edit the files this browser kept.</p>}
        {error && <p className="error" role="alert">{error}</p>}
        <section className="card">
          <h2>Workspaces</h2>
          {workspaces === null ? <p className="muted">Loading…</p> : workspaces.length === 0 ? (
            <p className="muted">No workspaces yet. Create one above, or ask a colleague to add you to theirs.</p>
          ) : (
            <table className="list">
              <thead><tr><th>Name</th><th>Language</th><th>Owner</th><th>Your role</th><th /></tr></thead>
              <tbody>
                {workspaces.map((w) => (
                  <tr key={w.id} data-workspace={w.name}>
                    <td>
                      {renaming === w.id ? (
                        <form className="row" onSubmit={(e) => rename(e, w.id)}>
                          <input name="name" defaultValue={w.name} aria-label="New name" autoFocus required maxLength={100} />
                          <button type="submit">Save</button>
                          <button type="button" className="link" onClick={() => setRenaming(null)}>Cancel</button>
                        </form>
                      ) : <Link href={`/workspace?id=${w.id}`}>{w.name}</Link>}
                      {membersOf === w.id && <MembersPanel workspace={w} me={user} onLeft={() => void reload()} />}
                    </td>
                    <td>{w.language}</td>
                    <td>{w.owner.username}</td>
                    <td><span className="badge">{w.role}</span></td>
                    <td>
                      <div className="row" style={{ justifyContent: 'flex-end' }}>
                        <DownloadLinks workspaceId={w.id} />
                        <button className="link" onClick={() => setMembersOf(membersOf === w.id ? null : w.id)}>Members</button>
                        {w.role !== 'viewer' && <button className="link" onClick={() => setRenaming(w.id)}>Rename</button>}
                        {w.role === 'owner' && (
                          <button className="link danger" onClick={() => confirm(`Delete “${w.name}” and all its files?`) && void run(() => api.deleteWorkspace(w.id))}>
                            Delete
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </main>
    </>
  );
}
