/**
 * The Pod Security Standards "restricted" profile as a pure check, so the pod
 * spec we generate (and the manifests we ship) are tested against it without a
 * cluster. Follows https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * (baseline rules included, since restricted builds on baseline).
 */
import type { V1Container, V1PodSpec } from '@kubernetes/client-node';

const ALLOWED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

export function restrictedViolations(spec: V1PodSpec): string[] {
  const out: string[] = [];
  if (spec.hostNetwork) out.push('hostNetwork must not be set');
  if (spec.hostPID) out.push('hostPID must not be set');
  if (spec.hostIPC) out.push('hostIPC must not be set');
  for (const volume of spec.volumes ?? []) {
    const types = Object.keys(volume).filter((key) => key !== 'name');
    for (const type of types) if (!ALLOWED_VOLUME_TYPES.has(type)) out.push(`volume ${volume.name}: type ${type} is not allowed`);
  }
  const podContext = spec.securityContext ?? {};
  const containers: V1Container[] = [...(spec.initContainers ?? []), ...spec.containers];
  for (const c of containers) {
    const ctx = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (ctx.privileged) out.push(`${where}: privileged`);
    if (ctx.allowPrivilegeEscalation !== false) out.push(`${where}: allowPrivilegeEscalation must be false`);
    if ((ctx.runAsNonRoot ?? podContext.runAsNonRoot) !== true) out.push(`${where}: runAsNonRoot must be true`);
    if ((ctx.runAsUser ?? podContext.runAsUser) === 0) out.push(`${where}: runAsUser must not be 0`);
    const seccomp = ctx.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (!seccomp || !ALLOWED_SECCOMP.has(seccomp)) out.push(`${where}: seccompProfile must be RuntimeDefault or Localhost`);
    if (!(ctx.capabilities?.drop ?? []).includes('ALL')) out.push(`${where}: capabilities must drop ALL`);
    for (const cap of ctx.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') out.push(`${where}: capability ${cap} may not be added`);
    for (const port of c.ports ?? []) if (port.hostPort) out.push(`${where}: hostPort ${port.hostPort}`);
    if (ctx.procMount && ctx.procMount !== 'Default') out.push(`${where}: procMount must be Default`);
  }
  return out;
}
