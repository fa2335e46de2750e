/**
 * The operator artefacts in `k8s/`: every manifest parses and validates against the
 * Kubernetes schemas (kubernetes-models), kustomizations list files that exist, the
 * overlays' patches apply to real base objects, and pods pass the "restricted" rules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Pod, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
// The one server limit the ingress must match (a test-only reach into the server package).
import { MAX_ARCHIVE_BYTES } from '../../../server/src/archive/archive-limits';
import { DEFAULT_KUBERNETES_OPTIONS } from './options';
import { restrictedViolations } from './pod-security';
import { buildWorkspaceClaim, buildWorkspacePod } from './pod-spec';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: any }; [key: string]: any };

const K8S = resolve(dirname(fileURLToPath(import.meta.url)), '../../../k8s');
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'v1/Pod': Pod,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}
/**
 * The objects as the API server reads them. Not client-node's loadAllYaml: it turns known kinds
 * into its typed models, which rename fields (a NetworkPolicy rule's `from` becomes `_from`, so
 * the schema never saw it). js-yaml is the parser loadAllYaml itself runs.
 */
const load = (path: string): Obj[] => (loadAll(readFileSync(path, 'utf8')) as (Obj | null)[]).filter((o): o is Obj => Boolean(o));
const idOf = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function validate(object: Obj): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

/** Strategic merge for the fields our patches touch: objects merge, lists are replaced. */
function merge(base: any, patch: any): any {
  if (Array.isArray(patch) || typeof patch !== 'object' || patch === null || typeof base !== 'object' || base === null) return patch;
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(base[key], value);
  return out;
}

/** Renders a kustomization the way kustomize does for what we use: resources (files or folders) and patches. */
function render(dir: string): Map<string, Obj> {
  const kustomization = load(join(dir, 'kustomization.yaml'))[0] as unknown as { resources?: string[]; patches?: { path: string }[] };
  const objects = new Map<string, Obj>();
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    const loaded = statSync(path).isDirectory() ? [...render(path).values()] : load(path);
    for (const object of loaded) objects.set(idOf(object), object);
  }
  for (const { path } of kustomization.patches ?? []) {
    for (const patch of load(join(dir, path))) {
      const target = objects.get(idOf(patch));
      if (!target) throw new Error(`${path} patches ${idOf(patch)}, which is not in the resources`);
      objects.set(idOf(patch), merge(target, patch));
    }
  }
  return objects;
}

const kustomizationDirs = yamlFiles(K8S).filter((f) => f.endsWith('kustomization.yaml')).map(dirname);

describe('k8s manifests', () => {
  it('lists only files that exist, and every manifest is used (or is an example to merge by hand)', () => {
    const used = new Set<string>();
    for (const dir of kustomizationDirs) {
      used.add(join(dir, 'kustomization.yaml'));
      const k = load(join(dir, 'kustomization.yaml'))[0] as unknown as { resources?: string[]; patches?: { path: string }[] };
      for (const entry of [...(k.resources ?? []), ...(k.patches ?? []).map((p) => p.path)]) {
        const path = join(dir, entry);
        expect(existsSync(path), `${relative(K8S, dir)} lists ${entry}`).toBe(true);
        used.add(path);
      }
    }
    const unused = yamlFiles(K8S).filter((f) => !used.has(f)).map((f) => relative(K8S, f));
    expect(unused).toEqual(['base/secret.example.yaml', 'overlays/ingress-nginx/controller-configmap.example.yaml']);
  });

  it.each(yamlFiles(K8S).filter((f) => !f.endsWith('kustomization.yaml') && !f.includes('patch')).map((f) => [relative(K8S, f), f]))(
    '%s validates against the Kubernetes schemas',
    (_name, path) => {
      for (const object of load(path)) validate(object);
    },
  );

  it.each(kustomizationDirs.map((d) => [relative(K8S, d), d]))('%s renders to valid objects', (_name, dir) => {
    const objects = render(dir);
    expect(objects.size).toBeGreaterThan(5);
    for (const object of objects.values()) validate(object);
  });

  it('runs the server restricted, ready on /api/health/ready, alive on /api/health, listening on all interfaces', () => {
    const objects = render(join(K8S, 'base'));
    const deployment = objects.get('Deployment/tandem/tandem-server')!;
    const pod = deployment.spec.template.spec;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.containers[0].readinessProbe.httpGet.path).toBe('/api/health/ready');
    expect(pod.containers[0].livenessProbe.httpGet.path).toBe('/api/health');
    expect(objects.get('ConfigMap/tandem/tandem-config')!.data.HOST).toBe('0.0.0.0');
  });

  it('scales the server from 2 to 10 replicas on CPU 70% and memory 80%', () => {
    const hpa = render(join(K8S, 'base')).get('HorizontalPodAutoscaler/tandem/tandem-server')!;
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 10]);
    const targets = Object.fromEntries(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization]));
    expect(targets).toEqual({ cpu: 70, memory: 80 });
  });

  it('grants the executor only what it uses, in the workspace namespace', () => {
    const objects = render(join(K8S, 'base'));
    const roles = [...objects.values()].filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');
    expect(roles.map(idOf)).toEqual(['Role/tandem-workspaces/tandem-executor']);
    const rules = Object.fromEntries(roles[0]!.rules.map((r: any) => [r.resources.join(','), [...r.verbs].sort()]));
    expect(rules).toEqual({
      pods: ['create', 'delete', 'get', 'list', 'watch'],
      'pods/exec': ['create', 'get'],
      persistentvolumeclaims: ['create', 'delete', 'get', 'list'],
      events: ['list'],
    });
  });

  it('gives workspace pods no ingress and egress only to DNS and public addresses', () => {
    const policy = render(join(K8S, 'base')).get('NetworkPolicy/tandem-workspaces/tandem-workspace-egress')!;
    expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/managed-by': 'tandem' });
    expect(policy.spec.ingress).toEqual([]);
    const block = policy.spec.egress.find((rule: any) => rule.to[0].ipBlock).to[0].ipBlock;
    expect(block.cidr).toBe('0.0.0.0/0');
    expect(block.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8']));
    const noEgress = render(join(K8S, 'overlays/no-egress')).get('NetworkPolicy/tandem-workspaces/tandem-workspace-egress')!;
    expect(noEgress.spec.egress).toEqual([]);
    expect(noEgress.spec.policyTypes).toContain('Egress');
  });
});

describe('server replicas (issue 14)', () => {
  const base = render(join(K8S, 'base'));
  const deployment = base.get('Deployment/tandem/tandem-server')!;
  const serverLabels = deployment.spec.template.metadata.labels as Record<string, string>;
  const container = deployment.spec.template.spec.containers[0];
  const env = container.env as { name: string; value?: string; valueFrom?: any }[];
  const envValue = (name: string) => env.find((e) => e.name === name);
  /** A container port by its name or number, as Services and NetworkPolicies name it. */
  const portNumber = (port: string | number): number =>
    typeof port === 'number' ? port : container.ports.find((p: any) => p.name === port)!.containerPort;
  /** A label selector that picks server pods and nothing wider (some labels, all the server's). */
  const selectsServer = (selector: any): boolean => {
    const labels = Object.entries(selector?.matchLabels ?? {});
    return !selector?.matchExpressions && labels.length > 0 && labels.every(([key, value]) => serverLabels[key] === value);
  };

  it('listens for other replicas on 8081 and tells them so through the env the server reads', () => {
    expect(portNumber('replica')).toBe(8081);
    expect(envValue('TANDEM_INTERNAL_PORT')?.value).toBe('8081');
    expect(envValue('TANDEM_REPLICA_SECRET')?.valueFrom).toEqual({ secretKeyRef: { name: 'tandem-secrets', key: 'TANDEM_REPLICA_SECRET', optional: false } });
    expect(envValue('TANDEM_REPLICA_ID')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(envValue('POD_IP')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    expect(envValue('TANDEM_REPLICA_ADDRESS')?.value).toBe('http://$(POD_IP):8081');
    // $(POD_IP) expands only to a variable defined earlier in the list.
    expect(env.findIndex((e) => e.name === 'POD_IP')).toBeLessThan(env.findIndex((e) => e.name === 'TANDEM_REPLICA_ADDRESS'));
    expect(Number(envValue('TANDEM_SHUTDOWN_GRACE_MS')?.value)).toBe(20_000);
  });

  it('names TANDEM_REPLICA_SECRET in the secret example and the dev secret (the pod does not start without it)', () => {
    const example = load(join(K8S, 'base/secret.example.yaml'))[0]!;
    const dev = render(join(K8S, 'overlays/dev')).get('Secret/tandem/tandem-secrets')!;
    for (const secret of [example, dev]) expect(Object.keys(secret.stringData)).toContain('TANDEM_REPLICA_SECRET');
  });

  it('keeps the replica port out of the Service', () => {
    const service = base.get('Service/tandem/tandem-server')!;
    expect(service.spec.clusterIP).toBeUndefined();
    expect(service.spec.ports.map((p: any) => portNumber(p.targetPort))).toEqual([8080]);
  });

  it('admits the replica port only from server pods, and the public port from anywhere', () => {
    const policy = base.get('NetworkPolicy/tandem/tandem-server-ingress')!;
    expect(selectsServer(policy.spec.podSelector)).toBe(true);
    expect(policy.spec.policyTypes).toContain('Ingress');
    const admits = (rule: any, port: number) => !rule.ports || rule.ports.some((p: any) => portNumber(p.port) === port);
    const toReplica = policy.spec.ingress.filter((rule: any) => admits(rule, 8081));
    expect(toReplica.length).toBeGreaterThan(0);
    for (const rule of toReplica) {
      // No `from` would be everyone; a namespaceSelector or ipBlock would be other pods too.
      expect(rule.from?.length).toBeGreaterThan(0);
      for (const peer of rule.from) {
        expect(Object.keys(peer)).toEqual(['podSelector']);
        expect(selectsServer(peer.podSelector)).toBe(true);
      }
    }
    const toPublic = policy.spec.ingress.filter((rule: any) => admits(rule, 8080));
    expect(toPublic.some((rule: any) => !rule.from)).toBe(true);
  });

  it('stops within its grace period: preStop sleep, then TANDEM_SHUTDOWN_GRACE_MS, with a margin', () => {
    const pod = deployment.spec.template.spec;
    const preStopSeconds = container.lifecycle.preStop.sleep.seconds;
    expect(preStopSeconds).toBeGreaterThanOrEqual(3);
    const shutdownSeconds = Number(envValue('TANDEM_SHUTDOWN_GRACE_MS')!.value) / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStopSeconds + shutdownSeconds + 5);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    expect(container.readinessProbe.httpGet.port).toBe('http');
  });

  it('lets a drain stop one replica at a time, never the last of the HorizontalPodAutoscaler\'s minimum', () => {
    const pdb = base.get('PodDisruptionBudget/tandem/tandem-server')!;
    const hpa = base.get('HorizontalPodAutoscaler/tandem/tandem-server')!;
    expect(selectsServer(pdb.spec.selector)).toBe(true);
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.maxUnavailable).toBeLessThan(hpa.spec.minReplicas);
  });
});

/** nginx's size syntax (`32m`) in bytes. */
function nginxBytes(size: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(size);
  if (!match) throw new Error(`not an nginx size: ${size}`);
  return Number(match[1]) * 1024 ** ' kmg'.indexOf((match[2] || ' ').toLowerCase());
}

/**
 * The value an nginx `map $uri $variable { "~*regex" $1; default ...; }` gives a path: what
 * the controller's http-snippet defines. PCRE's subset used there reads the same in JavaScript.
 */
function mapValue(snippet: string, variable: string, path: string): string {
  const block = new RegExp(`map \\$uri \\$${variable} \\{([^]*?)\\n\\s*\\}`).exec(snippet);
  if (!block) throw new Error(`no map for $${variable}`);
  let fallback = '';
  for (const line of block[1]!.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const regex = /^"~(\*?)(.+)"\s+(\S+);$/.exec(line);
    if (regex) {
      const match = new RegExp(regex[2]!, regex[1] ? 'i' : '').exec(path);
      if (match) return regex[3]!.replace(/\$(\d)/g, (_, n) => match[Number(n)] ?? '');
    } else if (line.startsWith('default ')) fallback = line.slice('default '.length, -1);
    else throw new Error(`unexpected map line: ${line}`);
  }
  return fallback;
}

describe('ingress-nginx overlay', () => {
  const ingress = render(join(K8S, 'overlays/ingress-nginx')).get('Ingress/tandem/tandem-server')!;
  const annotation = (name: string) => ingress.metadata.annotations[`nginx.ingress.kubernetes.io/${name}`];

  it('keeps WebSockets open for an hour and accepts the largest upload (a workspace import)', () => {
    expect(annotation('proxy-read-timeout')).toBe('3600');
    expect(annotation('proxy-send-timeout')).toBe('3600');
    expect(annotation('proxy-http-version')).toBe('1.1');
    expect(nginxBytes(annotation('proxy-body-size'))).toBe(MAX_ARCHIVE_BYTES);
  });

  it('sends every path to the Service\'s public port, through one Ingress (one hashing setting per Service)', () => {
    const paths = ingress.spec.rules.flatMap((rule: any) => rule.http.paths);
    expect(paths).toEqual([{ path: '/', pathType: 'Prefix', backend: { service: { name: 'tandem-server', port: { name: 'http' } } } }]);
    expect(annotation('service-upstream')).toBeUndefined();
  });

  it('hashes on the workspace id the controller\'s map takes from the path, and spreads the rest', () => {
    expect(annotation('upstream-hash-by')).toBe('$tandem_workspace');
    const snippet = load(join(K8S, 'overlays/ingress-nginx/controller-configmap.example.yaml'))[0]!.data['http-snippet'];
    const id = '3f2c9a1e-4b7d-4c2a-9e1f-0a1b2c3d4e5f';
    const item = '0a1b2c3d-4b7d-4c2a-9e1f-0a1b2c3d4e5f';
    for (const path of [`/sync/${id}/${item}`, `/ws/${id}`, `/api/workspaces/${id}`, `/api/workspaces/${id}/files/src/main.py`]) {
      expect(mapValue(snippet, 'tandem_workspace', path), path).toBe(id);
    }
    for (const path of ['/', '/notifications', '/api/workspaces', '/api/workspaces/import', `/sync/${id}x/${item}`, `/static/ws/${id}`]) {
      expect(mapValue(snippet, 'tandem_workspace', path), path).toBe('$request_id');
    }
  });
});

describe('generated workspace pod', () => {
  it('validates against the schemas and passes the restricted rules', () => {
    const pod = buildWorkspacePod('3f2c9a1e-4b7d-4c2a-9e1f-0a1b2c3d4e5f', DEFAULT_KUBERNETES_OPTIONS) as unknown as Obj;
    validate(pod);
    validate(buildWorkspaceClaim('3f2c9a1e-4b7d-4c2a-9e1f-0a1b2c3d4e5f', DEFAULT_KUBERNETES_OPTIONS) as unknown as Obj);
    expect(restrictedViolations(pod.spec)).toEqual([]);
  });
});
