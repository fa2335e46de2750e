export { KubernetesBackend, type KubernetesBackendConfig } from './kubernetes-backend';
export { DEFAULT_KUBERNETES_OPTIONS, WORKSPACE_MOUNT, type KubernetesBackendOptions } from './options';
export { PodStartError, ExecStreamError, CommandFailedError } from './errors';
export type { FailureKind } from './pod-diagnosis';
export { buildWorkspacePod, buildWorkspaceClaim, podName, claimName, workspaceLabels } from './pod-spec';
export { restrictedViolations } from './pod-security';
