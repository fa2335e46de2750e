// Provisions a user, an API token, a workspace and file items on our server over
// its public HTTP API (DESIGN.md "Endpoints"), the same way a script would.
import { ServerFailed } from '../errors';

export interface Provisioned {
  token: string;
  workspaceId: string;
  itemIds: string[];
}

async function call<T>(origin: string, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<{ json: T; res: Response }> {
  const res = await fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new ServerFailed(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return { json: (text ? JSON.parse(text) : {}) as T, res };
}

/** Signs up a fresh user and returns a Bearer token for it. */
export async function createToken(origin: string): Promise<string> {
  const username = `bench${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const { res } = await call(origin, 'POST', '/api/auth/register', { username, email: `${username}@example.test`, password: 'load-test-password-1' }, {});
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { json } = await call<{ token: string }>(origin, 'POST', '/api/tokens', { name: 'load-test' }, { cookie, origin });
  return json.token;
}

export async function createWorkspace(origin: string, token: string, name: string): Promise<string> {
  const { json } = await call<{ workspace: { id: string } }>(origin, 'POST', '/api/workspaces', { name }, { authorization: `Bearer ${token}` });
  return json.workspace.id;
}

/** Creates `count` files, a few requests at a time. */
export async function createFiles(origin: string, token: string, workspaceId: string, count: number, prefix: string): Promise<string[]> {
  const ids = new Array<string>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, count) }, async () => {
      while (next < count) {
        const i = next++;
        const { json } = await call<{ item: { id: string } }>(
          origin,
          'POST',
          `/api/workspaces/${workspaceId}/items`,
          { parentId: null, name: `${prefix}-${i}.txt`, type: 'file' },
          { authorization: `Bearer ${token}` },
        );
        ids[i] = json.item.id;
      }
    }),
  );
  return ids;
}
