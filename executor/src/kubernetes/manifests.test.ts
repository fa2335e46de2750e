/**
 * The operator artefacts in `k8s/`: every manifest parses and validates against the
 * Kubernetes schemas (kubernetes-models), kustomizations list files that exist, the
 * overlays' patches apply to real base objects, and pods pass the "restricted" rules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAllYaml } from '@kubernetes/client-node';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Pod, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KUBERNETES_OPTIONS } from './options';
import { restrictedViolations } from './pod-security';
import { buildWorkspaceClaim, buildWorkspacePod } from './pod-spec';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [key: string]: any };

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
const load = (path: string): Obj[] => loadAllYaml(readFileSync(path, 'utf8')).filter(Boolean) as Obj[];
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

describe('generated workspace pod', () => {
  it('validates against the schemas and passes the restricted rules', () => {
    const pod = buildWorkspacePod('3f2c9a1e-4b7d-4c2a-9e1f-0a1b2c3d4e5f', DEFAULT_KUBERNETES_OPTIONS) as unknown as Obj;
    validate(pod);
    validate(buildWorkspaceClaim('3f2c9a1e-4b7d-4c2a-9e1f-0a1b2c3d4e5f', DEFAULT_KUBERNETES_OPTIONS) as unknown as Obj);
    expect(restrictedViolations(pod.spec)).toEqual([]);
  });
});
