/**
 * Python intelligence against the real thing: a real server, real pyright running in
 * the workspace's sandbox, real y-websocket clients editing the files, and the
 * workspace socket asking. Two people type in one file at once; each gets answers for
 * their own position, both get the diagnostics, and those stay on their token while
 * the other keeps typing. Edits pyright proposes are applied once and undone in one
 * step; hostile requests are refused without touching anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TerminalTestClient, type Msg } from '../execution/terminal-test-client';
import { connectProvider, eventually, synced, type ProviderClient } from '../sync/sync-test-clients';
import { insertMember, insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Call } from '../workspace/test-client';

let server: TestServer;
let alice: FixtureUser;
let bob: FixtureUser;
let viewer: FixtureUser;
let asAlice: Call;
const closers: Array<() => void> = [];

beforeAll(async () => {
  server = await startTestServer();
  alice = await insertUser(server.context.db);
  bob = await insertUser(server.context.db);
  viewer = await insertUser(server.context.db);
  asAlice = client(server.url, alice.token);
});
afterAll(async () => {
  for (const close of closers) close();
  await server?.stop();
});

async function newWorkspace(files: Record<string, string>): Promise<{ id: string; items: Record<string, string> }> {
  const id = (await asAlice('POST', '/api/workspaces', { name: 'python' })).body.workspace.id as string;
  await insertMember(server.context.db, id, bob.id, 'editor');
  await insertMember(server.context.db, id, viewer.id, 'viewer');
  const items: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    const put = await asAlice('PUT', `/api/workspaces/${id}/files/${path}`, text);
    expect([200, 201]).toContain(put.status);
    items[path] = put.body.item.id;
  }
  return { id, items };
}

/** A person in the IDE: the file's y-websocket provider and the workspace socket. */
class Person {
  readonly socket: TerminalTestClient;
  private nextId = 1;
  private readonly docs = new Map<string, ProviderClient>();

  constructor(readonly user: FixtureUser, readonly workspaceId: string) {
    this.socket = TerminalTestClient.connect(server.wsUrl, workspaceId, user.token);
    closers.push(() => this.socket.close());
  }

  async edit(itemId: string): Promise<ProviderClient> {
    let doc = this.docs.get(itemId);
    if (!doc) {
      doc = connectProvider(server.wsUrl, this.workspaceId, itemId, this.user.token);
      closers.push(() => doc!.destroy());
      this.docs.set(itemId, doc);
      await synced(doc);
    }
    return doc;
  }

  async open(itemId: string): Promise<ProviderClient> {
    const doc = await this.edit(itemId);
    this.socket.send({ type: 'lang.open', itemId });
    return doc;
  }

  /** Asks at `index` of the file's text (after its first `marker` when a string), as this person's editor would. */
  async ask(itemId: string, method: string, at: number | string | null, extra: Record<string, unknown> = {}): Promise<Msg> {
    const doc = await this.edit(itemId);
    const id = this.nextId++;
    const from = this.socket.messages.length;
    this.send(itemId, method, at, id, extra);
    return this.socket.waitFor((m) => m.type === 'lang.result' && m.id === id, `${method} answer`, 60_000, from);
  }

  send(itemId: string, method: string, at: number | string | null, id: number, extra: Record<string, unknown> = {}): void {
    const doc = this.docs.get(itemId)!;
    const text = doc.text.toString();
    const index = typeof at === 'string' ? text.indexOf(at) + at.length : at;
    const position = index === null ? {} : { position: relAt(doc.text, index) };
    this.socket.send({ type: 'lang.request', id, method, itemId, stateVector: b64(Y.encodeStateVector(doc.doc)), ...position, ...extra });
  }

  latestDiagnostics(itemId: string): Msg | undefined {
    return this.socket.messages.filter((m) => m.type === 'lang.diagnostics' && m.itemId === itemId).at(-1);
  }

  /** The text each current diagnostic covers, resolved against this person's own document. */
  squiggles(itemId: string): Array<{ text: string; message: string }> {
    const doc = this.docs.get(itemId)!;
    return (this.latestDiagnostics(itemId)?.diagnostics ?? []).map((d: Msg) => ({ text: resolveRange(doc, d.start, d.end), message: d.message }));
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const relAt = (text: Y.Text, index: number) => b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index)));
const indexOf = (doc: ProviderClient, rel: string) => Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(rel, 'base64')), doc.doc)!.index;
const resolveRange = (doc: ProviderClient, start: string, end: string) => doc.text.toString().slice(indexOf(doc, start), indexOf(doc, end));
const labels = (answer: Msg): string[] => (answer.result?.items ?? []).map((item: Msg) => item.label);
const typeAt = (doc: ProviderClient, marker: string, text: string) => doc.text.insert(doc.text.toString().indexOf(marker) + marker.length, text);

describe('Python intelligence on the workspace socket', () => {
  let workspace: { id: string; items: Record<string, string> };
  let a: Person;
  let b: Person;

  beforeAll(async () => {
    workspace = await newWorkspace({
      'main.py': 'import os\n\n\ndef greet(name: str) -> str:\n    """Says hello."""\n    return "hi " + name\n\n# alice\n\n# bob\n',
      'util.py': 'def helper(x: int) -> int:\n    return x * 2\n',
      'app.py': 'from util import helper\n\nprint(helper(21))\n',
    });
    a = new Person(alice, workspace.id);
    b = new Person(bob, workspace.id);
  });

  it('LANG-2, LANG-3: two people typing in one file each get completions for their own position', async () => {
    const main = workspace.items['main.py']!;
    const [docA, docB] = await Promise.all([a.open(main), b.open(main)]);
    await a.socket.waitFor((m) => m.type === 'lang.status' && m.state === 'ready', 'pyright ready', 90_000);
    expect(b.socket.messages.some((m) => m.type === 'lang.status')).toBe(true);
    // Both type at once, in their own lines, and ask before the other's typing reached them.
    typeAt(docA, '# alice\n', 'os.pa');
    typeAt(docB, '# bob\n', 'gre');
    const [answerA, answerB] = await Promise.all([a.ask(main, 'completion', 'os.pa'), b.ask(main, 'completion', '\ngre')]);
    expect(answerA.ok).toBe(true);
    expect(labels(answerA)).toContain('path');
    expect(labels(answerA)).not.toContain('greet');
    expect(labels(answerB)).toContain('greet');
    expect(labels(answerB)).not.toContain('path');
    // The answer went to the asker alone.
    expect(b.socket.messages.filter((m) => m.type === 'lang.result' && m.id === answerA.id && labels(m).includes('path'))).toEqual([]);
    // A completion that says what it replaces names the word its asker was typing, in that asker's document.
    const path = answerA.result.items.find((item: Msg) => item.label === 'path');
    if (path.range) expect(resolveRange(docA, path.range.start, path.range.end)).toBe('pa');
    docA.text.delete(docA.text.toString().indexOf('os.pa'), 5);
    docB.text.delete(docB.text.toString().indexOf('\ngre') + 1, 3);
  }, 120_000);

  it('LANG-5: diagnostics reach both people and stay on their token while the other types', async () => {
    const main = workspace.items['main.py']!;
    const [docA, docB] = await Promise.all([a.edit(main), b.edit(main)]);
    typeAt(docA, '# alice\n', 'def broken(:\n    pass\n');
    const broken = (p: Person) => p.squiggles(main).find((s) => s.text === ':' || s.text === '(:' || s.text.startsWith(':'));
    await eventually(() => broken(a) && broken(b), 'the syntax error for both', 25_000);
    // Bob adds lines above; the squiggle he has stays on the same token without a new publication.
    const before = b.latestDiagnostics(main);
    docB.text.insert(0, '# a new first line\n# and another\n');
    await eventually(() => docA.text.toString().startsWith('# a new first line'), "bob's lines at alice's", 5000);
    expect(broken(b)?.text).toBe(broken(a)?.text);
    expect(b.squiggles(main).length).toBe(before!.diagnostics.length);
    // The next publication (a newer version) points at the same token too.
    await eventually(() => (b.latestDiagnostics(main)?.version ?? 0) > before!.version && broken(b), 'republished diagnostics', 20_000);
    const line = docB.text.toString().split('\n').findIndex((l) => l.startsWith('def broken'));
    const diagnostic = b.latestDiagnostics(main)!.diagnostics.find((d: Msg) => d.line === line);
    expect(diagnostic).toBeDefined();
    // Fixed: the squiggle goes away for both.
    const at = docA.text.toString().indexOf('def broken(:');
    docA.text.delete(at, 'def broken(:\n    pass\n'.length);
    await eventually(() => !broken(a) && !broken(b), 'the error gone for both', 20_000);
  });

  it('hover shows a signature; go to definition finds another file and a library file, read-only', async () => {
    const app = workspace.items['app.py']!;
    await a.open(app);
    const hover = await a.ask(app, 'hover', 'print(hel');
    expect(hover.result.contents).toContain('def helper(x: int) -> int');
    const definition = await a.ask(app, 'definition', 'print(hel');
    expect(definition.result).toEqual([expect.objectContaining({ itemId: workspace.items['util.py'], path: 'util.py', line: 0, character: 4 })]);
    const main = workspace.items['main.py']!;
    await a.edit(main);
    const osDefinition = await a.ask(main, 'definition', 'import o');
    const library = osDefinition.result.find((l: Msg) => l.itemId === null);
    expect(library.path).toMatch(/os\/__init__\.pyi$|os\.py$/);
    const read = await a.ask(main, 'libraryFile', null, { path: library.path });
    expect(read.result.text).toContain('def getcwd');
    // Only a path the server gave this socket can be read: never any file of the environment.
    const sneaky = await b.ask(main, 'libraryFile', null, { path: '/etc/passwd' });
    expect(sneaky).toMatchObject({ ok: false, code: 'bad_request' });
    const stolen = await b.ask(main, 'libraryFile', null, { path: library.path });
    expect(stolen).toMatchObject({ ok: false, code: 'bad_request' });
    const signature = await a.ask(app, 'signatureHelp', 'print(helper(');
    expect(signature.result.signatures[0].label).toContain('x: int');
    const symbols = await a.ask(main, 'documentSymbol', null);
    expect(symbols.result.map((s: Msg) => s.name)).toContain('greet');
  });

  it('LANG-6: a rename across two files is applied once, keeps a concurrent edit, and undoes in one step', async () => {
    const [util, app] = [workspace.items['util.py']!, workspace.items['app.py']!];
    const [utilA, appA] = await Promise.all([a.edit(util), a.edit(app)]);
    const [utilB, appB] = await Promise.all([b.edit(util), b.edit(app)]);
    const before = { util: utilA.text.toString(), app: appA.text.toString() };
    const answer = await a.ask(util, 'rename', 'def hel', { newName: 'double' });
    expect(answer).toMatchObject({ ok: true, result: { files: 2 } });
    const applied = await a.socket.waitFor((m) => m.type === 'lang.applied' && m.editId === answer.result.editId, 'lang.applied');
    expect(applied.files.map((f: Msg) => f.path).sort()).toEqual(['app.py', 'util.py']);
    expect(b.socket.messages.some((m) => m.type === 'lang.applied')).toBe(false);
    await eventually(() => utilB.text.toString().includes('def double(') && appB.text.toString().includes('print(double(21))'), 'the rename at bob', 10_000);
    expect(appB.text.toString()).toBe('from util import double\n\nprint(double(21))\n');
    // Bob types meanwhile; undoing alice's rename keeps his line.
    appB.text.insert(appB.text.length, '# bob was here\n');
    await eventually(() => appA.text.toString().includes('# bob was here'), "bob's line at alice's");
    a.socket.send({ type: 'lang.undo', editId: answer.result.editId });
    await eventually(() => utilB.text.toString() === before.util && appB.text.toString() === `${before.app}# bob was here\n`, 'the undo in both files', 10_000);
    // Bob cannot undo alice's edit, and it cannot be undone twice.
    const from = b.socket.messages.length;
    b.socket.send({ type: 'lang.undo', editId: answer.result.editId });
    await b.socket.waitFor((m) => m.type === 'error' && m.code === 'not_undoable', 'not_undoable', 10_000, from);
  });

  it('LANG-7: a viewer gets diagnostics and answers but changes nothing', async () => {
    const viewerPerson = new Person(viewer, workspace.id);
    const util = workspace.items['util.py']!;
    await viewerPerson.open(util);
    const hover = await viewerPerson.ask(util, 'hover', 'def hel');
    expect(hover.ok).toBe(true);
    const rename = await viewerPerson.ask(util, 'rename', 'def hel', { newName: 'x' });
    expect(rename).toMatchObject({ ok: false, code: 'not_editor' });
  });

  it('LANG-4: a newer completion supersedes a pending one, and a cancelled one says so', async () => {
    const main = workspace.items['main.py']!;
    await a.edit(main);
    a.send(main, 'completion', 'import o', 1001);
    a.send(main, 'completion', 'import o', 1002);
    const first = await a.socket.waitFor((m) => m.type === 'lang.result' && m.id === 1001, 'the first answer', 30_000);
    const second = await a.socket.waitFor((m) => m.type === 'lang.result' && m.id === 1002, 'the second answer', 30_000);
    expect(first).toMatchObject({ ok: false, code: 'cancelled' });
    expect(second.ok).toBe(true);
  });

  it('LANG-1: hostile requests are refused, and the other person is not affected', async () => {
    const main = workspace.items['main.py']!;
    const from = a.socket.messages.length;
    a.socket.send({ type: 'lang.request', id: 0, method: 'hover', itemId: main });
    a.socket.send({ type: 'lang.request', id: 5, method: 'workspace/executeCommand', itemId: main });
    a.socket.send({ type: 'lang.request', id: 6, method: 'hover', itemId: main, position: 'A'.repeat(600) });
    a.socket.send({ type: 'lang.request', id: 7, method: 'hover', itemId: main, stateVector: 'A'.repeat(70_000) });
    await a.socket.waitFor(() => a.socket.messages.slice(from).filter((m) => m.type === 'error' && m.code === 'invalid_message').length === 4, 'four refusals', 10_000);
    // Well-formed but wrong: a position from another document, a file of another workspace, garbage state.
    const other = await newWorkspace({ 'x.py': 'x = 1\n' });
    const foreign = new Y.Doc();
    foreign.getText('content').insert(0, 'elsewhere');
    const answers = await Promise.all([
      a.ask(main, 'hover', null, { position: relAt(foreign.getText('content'), 3) }),
      (async () => {
        const id = 2001;
        a.socket.send({ type: 'lang.request', id, method: 'hover', itemId: main, stateVector: b64(new Uint8Array([255, 255, 255])) });
        return a.socket.waitFor((m) => m.type === 'lang.result' && m.id === id, 'garbage state answer', 10_000);
      })(),
    ]);
    expect(answers[0]).toMatchObject({ ok: false, code: 'bad_request' });
    expect(answers[1]).toMatchObject({ ok: false, code: 'bad_request' });
    // A file of another workspace is not found through this one.
    a.socket.send({ type: 'lang.request', id: 2002, method: 'hover', itemId: other.items['x.py'] });
    expect(await a.socket.waitFor((m) => m.type === 'lang.result' && m.id === 2002, 'foreign file answer')).toMatchObject({ ok: false, code: 'item_not_found' });
    // A burst: each request answered once, all but the newest superseded; bob meanwhile is answered.
    const burst = Array.from({ length: 20 }, (_, n) => 3000 + n);
    for (const id of burst) a.send(main, 'hover', 'import o', id);
    const bobAnswer = await b.ask(main, 'hover', 'import o');
    expect(bobAnswer.ok).toBe(true);
    await a.socket.waitFor(() => burst.every((id) => a.socket.messages.some((m) => m.type === 'lang.result' && m.id === id)), 'every burst answer', 30_000);
    const burstAnswers = a.socket.messages.filter((m) => m.type === 'lang.result' && burst.includes(m.id));
    expect(burstAnswers).toHaveLength(20);
    expect(burstAnswers.filter((m) => m.ok)).toHaveLength(1);
  });

  it('LANG-8: the language server killed mid-session restarts and answers again', async () => {
    const main = workspace.items['main.py']!;
    const docA = await a.edit(main);
    const from = a.socket.messages.length;
    server.language.workspace(workspace.id)!.crashForTest();
    await a.socket.waitFor((m) => m.type === 'lang.status' && m.state === 'restarting', 'restarting', 10_000, from);
    await a.socket.waitFor((m) => m.type === 'lang.status' && m.state === 'ready', 'ready again', 90_000, from);
    typeAt(docA, '# alice\n', 'os.');
    const answer = await a.ask(main, 'completion', '# alice\nos.', { triggerCharacter: '.' });
    expect(labels(answer)).toContain('path');
    docA.text.delete(docA.text.toString().indexOf('# alice\nos.') + '# alice\n'.length, 3);
  }, 120_000);

  it('offers the names of a package installed with pip in the terminal', async () => {
    const makeWheel = [
      'import base64, hashlib, zipfile',
      "files = {'tandem_demo/__init__.py': 'def shout(text: str) -> str:\\n    return text.upper()\\n',",
      "         'tandem_demo-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\\nName: tandem-demo\\nVersion: 1.0\\n',",
      "         'tandem_demo-1.0.dist-info/WHEEL': 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'}",
      'record = []',
      "with zipfile.ZipFile('/tmp/tandem_demo-1.0-py3-none-any.whl', 'w') as z:",
      '    for name, text in files.items():',
      '        z.writestr(name, text)',
      "        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b'=').decode()",
      "        record.append(f'{name},sha256={digest},{len(text)}')",
      "    record.append('tandem_demo-1.0.dist-info/RECORD,,')",
      "    z.writestr('tandem_demo-1.0.dist-info/RECORD', '\\n'.join(record) + '\\n')",
      '',
    ].join('\n');
    const put = await asAlice('PUT', `/api/workspaces/${workspace.id}/files/tools/make_wheel.txt`, makeWheel);
    expect([200, 201]).toContain(put.status);
    const main = workspace.items['main.py']!;
    const docA = await a.edit(main);
    typeAt(docA, '# alice\n', 'import tandem_demo\ntandem_demo.');
    const before = await a.ask(main, 'completion', 'tandem_demo.', { triggerCharacter: '.' });
    expect(labels(before)).not.toContain('shout');
    const from = a.socket.messages.length;
    a.socket.send({ type: 'term.open', cols: 120, rows: 30 });
    const { termId } = await a.socket.waitFor((m) => m.type === 'term.opened', 'term.opened', 20_000, from);
    // Plain `pip install`, as a user types it: the sandbox installs for the workspace (~/.local).
    a.socket.send({ type: 'term.input', termId, data: 'python3 tools/make_wheel.txt && pip install --no-index /tmp/tandem_demo-1.0-py3-none-any.whl && echo INSTALLED-$((40+2))\r' });
    await a.socket.waitForOutput(termId, (t) => t.includes('INSTALLED-42') || t.includes('ERROR'), 'pip install', 60_000);
    expect(a.socket.output(termId).text).toContain('INSTALLED-42');
    expect(a.socket.output(termId).text).not.toContain("Running pip as the 'root' user");
    const after = await eventually(async () => {
      const answer = await a.ask(main, 'completion', 'tandem_demo.', { triggerCharacter: '.' });
      return labels(answer).includes('shout') ? answer : null;
    }, 'the installed module in completion', 30_000);
    expect(labels(after!)).toContain('shout');
    // What pip put in the workspace's HOME never comes back as files.
    const tree = await asAlice('GET', `/api/workspaces/${workspace.id}/items`);
    expect(JSON.stringify(tree.body)).not.toContain('.local');
    const at = docA.text.toString().indexOf('import tandem_demo');
    docA.text.delete(at, 'import tandem_demo\ntandem_demo.'.length);
  }, 180_000);
});
