'use client';
/** Who may open a workspace. The owner adds people by username, changes roles, removes them; a member may leave. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useReloadingAction } from '../hooks/use-reloading-action';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import type { Member, Role, User, Workspace } from '../lib/types';

export function MembersPanel({ workspace, me, onLeft }: { workspace: Workspace; me: User; onLeft(): void }) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isOwner = workspace.role === 'owner';

  const reload = useCallback(() => api.listMembers(workspace.id).then(setMembers, (e: unknown) => setError(describeError(e))), [workspace.id]);
  useEffect(() => void reload(), [reload]);

  const run = useReloadingAction(reload, setError);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    await run(() => api.addMember(workspace.id, String(data.get('username')).trim(), data.get('role') as Role));
    form.reset();
  }

  return (
    <div className="members" aria-label={`Members of ${workspace.name}`}>
      {members === null ? <span className="muted">Loading…</span> : (
        <table className="list">
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} data-member={m.username}>
                <td>{m.username}{m.userId === me.id && <span className="muted"> (you)</span>}</td>
                <td>
                  {isOwner && m.role !== 'owner' ? (
                    <select aria-label={`Role of ${m.username}`} value={m.role} onChange={(e) => void run(() => api.changeRole(workspace.id, m.userId, e.target.value as Role))}>
                      <option value="editor">editor</option>
                      <option value="viewer">viewer</option>
                    </select>
                  ) : <span className="badge">{m.role}</span>}
                </td>
                <td style={{ textAlign: 'right' }}>
                  {m.role !== 'owner' && (isOwner || m.userId === me.id) && (
                    <button className="link danger" onClick={() => void run(async () => {
                      await api.removeMember(workspace.id, m.userId);
                      if (m.userId === me.id) onLeft();
                    })}>
                      {m.userId === me.id ? 'Leave' : 'Remove'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isOwner && (
        <form className="row" onSubmit={add} style={{ marginTop: 8 }}>
          <input name="username" placeholder="Username" aria-label="Username to add" required />
          <select name="role" aria-label="Role" defaultValue="editor">
            <option value="editor">editor</option>
            <option value="viewer">viewer</option>
          </select>
          <button type="submit">Add member</button>
        </form>
      )}
      {error && <div className="error" role="alert">{error}</div>}
    </div>
  );
}
