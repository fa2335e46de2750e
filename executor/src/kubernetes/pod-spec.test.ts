import { describe, expect, it } from 'vitest';
import { DEFAULT_KUBERNETES_OPTIONS } from './options';
import { restrictedViolations } from './pod-security';
import { buildWorkspaceClaim, buildWorkspacePod, isValidWorkspaceId } from './pod-spec';

const id = '3f2c9a1e-4b7d-4c2a-9e1f-0a1b2c3d4e5f';

describe('workspace pod spec', () => {
  const pod = buildWorkspacePod(id, DEFAULT_KUBERNETES_OPTIONS);
  const container = pod.spec!.containers[0]!;

  it('is labelled so it can be found again', () => {
    expect(pod.metadata?.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'tandem', 'tandem.dev/workspace': id });
    expect(buildWorkspaceClaim(id, DEFAULT_KUBERNETES_OPTIONS).metadata?.labels).toMatchObject({ 'tandem.dev/workspace': id });
  });

  it('requests and limits 500m CPU and 512Mi, configurable', () => {
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    const bigger = buildWorkspacePod(id, { ...DEFAULT_KUBERNETES_OPTIONS, cpu: '2', memory: '4Gi' });
    expect(bigger.spec!.containers[0]!.resources?.limits).toEqual({ cpu: '2', memory: '4Gi' });
  });

  it('mounts a 1Gi claim at /app and an emptyDir at /tmp on a read-only root', () => {
    expect(buildWorkspaceClaim(id, DEFAULT_KUBERNETES_OPTIONS).spec?.resources?.requests).toEqual({ storage: '1Gi' });
    expect(container.volumeMounts?.map((m) => m.mountPath)).toEqual(['/app', '/tmp']);
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(pod.spec!.volumes?.find((v) => v.name === 'tmp')?.emptyDir).toBeDefined();
  });

  it('runs as uid 1000 without a service account token', () => {
    expect(pod.spec!.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
    expect(pod.spec!.automountServiceAccountToken).toBe(false);
  });

  it('passes the Pod Security "restricted" rules', () => {
    expect(restrictedViolations(pod.spec!)).toEqual([]);
  });

  it('accepts only ids that make valid names and label values', () => {
    expect(isValidWorkspaceId(id)).toBe(true);
    expect(isValidWorkspaceId('Bad_ID')).toBe(false);
    expect(isValidWorkspaceId('x'.repeat(60))).toBe(false);
  });
});

describe('restrictedViolations', () => {
  it('finds what the restricted profile forbids', () => {
    const violations = restrictedViolations({
      hostNetwork: true,
      hostPID: true,
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
      containers: [{ name: 'bad', securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ['SYS_ADMIN', 'NET_BIND_SERVICE'] } }, ports: [{ containerPort: 80, hostPort: 80 }] }],
    });
    expect(violations).toEqual([
      'hostNetwork must not be set',
      'hostPID must not be set',
      'volume host: type hostPath is not allowed',
      'container bad: privileged',
      'container bad: allowPrivilegeEscalation must be false',
      'container bad: runAsNonRoot must be true',
      'container bad: runAsUser must not be 0',
      'container bad: seccompProfile must be RuntimeDefault or Localhost',
      'container bad: capabilities must drop ALL',
      'container bad: capability SYS_ADMIN may not be added',
      'container bad: hostPort 80',
    ]);
  });

  it('takes runAsNonRoot and seccomp from the pod when the container does not say', () => {
    expect(
      restrictedViolations({
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } },
        containers: [{ name: 'ok', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      }),
    ).toEqual([]);
  });
});
