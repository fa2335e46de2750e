/**
 * A fake Kubernetes API server for tests: real HTTP and WebSocket on loopback,
 * speaking the wire protocol `@kubernetes/client-node` speaks to a real one.
 *   - pods and persistentvolumeclaims: create / get / list / delete, label and
 *     field selectors, `?watch=true|1` as a stream of JSON lines;
 *   - events: list (with field selectors);
 *   - pods/exec: WebSocket with v5/v4 subprotocol negotiation (`fake-exec.ts`),
 *     commands run on this machine in a folder per claim that stands in for /app.
 * Pods become Running and Ready shortly after creation, unless a fault says otherwise.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { WebSocketServer, type WebSocket } from 'ws';
import { serveExec, type ExecFaults } from './fake-exec';
import { FakeStore, matchesFields, matchesLabels, type Kind, type KubeObject } from './fake-store';

export type ExecProtocol = 'v5.channel.k8s.io' | 'v4.channel.k8s.io';

export interface FakeFaults extends ExecFaults {
  /** The image cannot be pulled: ErrImagePull, then ImagePullBackOff. */
  imagePull: boolean;
  /** The pod runs but its Ready condition stays False. */
  neverReady: boolean;
  /** No node fits: PodScheduled False / Unschedulable, a FailedScheduling event. */
  unschedulable: boolean;
  /** The volume does not mount: a FailedMount event, the pod stays Pending. */
  volumeMount: boolean;
  /** The exec upgrade is refused with 403 (RBAC without pods/exec). */
  forbidExec: boolean;
}

export interface FakeApiServer {
  readonly url: string;
  readonly store: FakeStore;
  readonly faults: FakeFaults;
  /** WebSocket pings received on exec streams (keepalive). */
  readonly execPings: number;
  /** Protocols the server accepts, most preferred first. */
  protocols: ExecProtocol[];
  kubeConfig(namespace: string): KubeConfig;
  /** The folder standing in for a claim's volume. */
  volumeDir(claimName: string): string;
  close(): Promise<void>;
}

const NO_FAULTS: FakeFaults = { imagePull: false, neverReady: false, unschedulable: false, volumeMount: false, forbidExec: false, dropBeforeStatus: false, slowReader: false };

export async function startFakeApiServer(options: { protocols?: ExecProtocol[]; faults?: Partial<FakeFaults> } = {}): Promise<FakeApiServer> {
  const store = new FakeStore();
  const root = mkdtempSync(join(tmpdir(), 'tandem-fake-k8s-'));
  const faults: FakeFaults = { ...NO_FAULTS, ...options.faults };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
  };
  const volumeDir = (claim: string) => {
    const dir = join(root, claim);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  let pings = 0;
  const fake: FakeApiServer = {
    url: '',
    get execPings() {
      return pings;
    },
    store,
    faults,
    protocols: options.protocols ?? ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
    kubeConfig: (namespace) => kubeConfigFor(fake.url, namespace),
    volumeDir,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const client of wss.clients) client.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };

  const lifecycle = new PodLifecycle(store, faults, later);
  const server = createServer((req, res) => {
    handleRest(req, res, store, lifecycle).catch((error: unknown) => sendStatus(res, 500, 'InternalError', String(error)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => fake.protocols.find((p) => offered.has(p)) ?? false,
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    const pod = match ? store.get('pods', match[1]!, match[2]!) : undefined;
    if (faults.forbidExec) return rejectUpgrade(socket, 403, 'Forbidden', 'pods "x" is forbidden: cannot create resource "pods/exec"');
    if (!match || !pod) return rejectUpgrade(socket, 404, 'NotFound', 'pod not found');
    const claim = claimOf(pod);
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => serveExec(ws, volumeDir(claim), url.searchParams, faults, () => pings++));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function kubeConfigFor(server: string, namespace: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server, skipTLSVerify: true }],
    users: [{ name: 'tandem', token: 'fake-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'tandem', namespace }],
    currentContext: 'fake',
  });
  return kc;
}

function claimOf(pod: KubeObject): string {
  const volumes = ((pod.spec as { volumes?: { persistentVolumeClaim?: { claimName: string } }[] }).volumes ?? []);
  return volumes.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName ?? pod.metadata.name;
}

function rejectUpgrade(socket: Socket, code: number, reason: string, message: string): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Moves pods through their states as a kubelet would, or stalls them as a fault says. */
class PodLifecycle {
  constructor(
    private readonly store: FakeStore,
    private readonly faults: FakeFaults,
    private readonly later: (ms: number, fn: () => void) => void,
  ) {}

  created(namespace: string, pod: KubeObject): void {
    const name = pod.metadata.name;
    const set = (status: object) => this.store.update('pods', namespace, name, (p) => ({ ...p, status }));
    const image = (pod.spec as { containers: { image: string }[] }).containers[0]?.image;
    set({ phase: 'Pending' });
    if (this.faults.unschedulable) {
      this.later(5, () => set({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] }));
      return this.event(namespace, name, 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.');
    }
    if (this.faults.volumeMount) {
      return this.later(5, () => this.event(namespace, name, 'FailedMount', 'MountVolume.SetUp failed for volume "workspace": rpc error: timed out'));
    }
    if (this.faults.imagePull) {
      const waiting = (reason: string) => ({ phase: 'Pending', containerStatuses: [{ name: 'workspace', image, ready: false, restartCount: 0, state: { waiting: { reason, message: `Back-off pulling image "${image}"` } } }] });
      this.later(5, () => set(waiting('ErrImagePull')));
      this.later(10, () => this.event(namespace, name, 'Failed', `Failed to pull image "${image}": not found`));
      return this.later(20, () => set(waiting('ImagePullBackOff')));
    }
    const ready = this.faults.neverReady ? 'False' : 'True';
    this.later(5, () =>
      set({
        phase: 'Running',
        conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: ready }],
        containerStatuses: [{ name: 'workspace', image, ready: ready === 'True', restartCount: 0, state: { running: { startedAt: new Date().toISOString() } } }],
      }),
    );
  }

  private event(namespace: string, podName: string, reason: string, message: string): void {
    const now = new Date().toISOString();
    this.store.create('events', namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${podName}.${Date.now().toString(16)}${Math.random().toString(16).slice(2, 6)}` },
      involvedObject: { kind: 'Pod', name: podName, namespace },
      type: 'Warning',
      reason,
      message,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
  }
}

const KINDS: Record<string, Kind> = { pods: 'pods', persistentvolumeclaims: 'persistentvolumeclaims', events: 'events' };

async function handleRest(req: IncomingMessage, res: ServerResponse, store: FakeStore, lifecycle: PodLifecycle): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const match = /^\/api\/v1\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/]+))?$/.exec(url.pathname);
  const kind = match ? KINDS[match[2]!] : undefined;
  if (!match || !kind) return sendStatus(res, 404, 'NotFound', `the server could not find the requested resource ${url.pathname}`);
  const [, namespace, , name] = match as unknown as [string, string, string, string | undefined];
  const singular = kind === 'persistentvolumeclaims' ? 'persistentvolumeclaims' : kind;

  if (req.method === 'GET' && !name) {
    const labels = url.searchParams.get('labelSelector');
    const fields = url.searchParams.get('fieldSelector');
    const watch = url.searchParams.get('watch');
    if (watch === 'true' || watch === '1') return serveWatch(req, res, store, kind, namespace, labels, fields);
    return sendJson(res, 200, { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items: store.list(kind, namespace, labels, fields) });
  }
  if (req.method === 'GET' && name) {
    const object = store.get(kind, namespace, name);
    return object ? sendJson(res, 200, object) : sendStatus(res, 404, 'NotFound', `${singular} "${name}" not found`);
  }
  if (req.method === 'POST' && !name) {
    const body = JSON.parse(await readBody(req)) as KubeObject;
    const created = store.create(kind, namespace, body);
    if (!created) return sendStatus(res, 409, 'AlreadyExists', `${singular} "${body.metadata.name}" already exists`);
    if (kind === 'pods') lifecycle.created(namespace, created);
    return sendJson(res, 201, store.get(kind, namespace, created.metadata.name) ?? created);
  }
  if (req.method === 'DELETE' && name) {
    const deleted = store.delete(kind, namespace, name);
    return deleted ? sendJson(res, 200, deleted) : sendStatus(res, 404, 'NotFound', `${singular} "${name}" not found`);
  }
  return sendStatus(res, 405, 'MethodNotAllowed', `${req.method} is not supported here`);
}

function serveWatch(req: IncomingMessage, res: ServerResponse, store: FakeStore, kind: Kind, namespace: string, labels: string | null, fields: string | null): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  // Without a resourceVersion, a watch starts with ADDED for every object that exists.
  for (const object of store.list(kind, namespace, labels, fields)) res.write(`${JSON.stringify({ type: 'ADDED', object })}\n`);
  const stop = store.subscribe((type, k, object) => {
    if (k !== kind || object.metadata.namespace !== namespace) return;
    if (!matchesLabels(object, labels) || !matchesFields(object, fields)) return;
    res.write(`${JSON.stringify({ type, object })}\n`);
  });
  req.on('close', stop);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}
