/**
 * Builds the Pod and PersistentVolumeClaim of a workspace (pure logic).
 * The container only sleeps; all work arrives over the exec API. It runs as uid
 * 1000 with nothing it does not need: no privilege escalation, no capabilities, the
 * default seccomp profile, no service account token, a read-only root file system
 * (writable: the workspace volume at /app and an emptyDir at /tmp).
 */
import type { V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import { CONTAINER_NAME, WORKSPACE_MOUNT, type KubernetesBackendOptions } from './options';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'tandem';
export const WORKSPACE_LABEL = 'tandem.dev/workspace';
export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

const UID = 1000;
// A DNS-1123 label and a valid label value: UUIDs and similar ids fit.
const WORKSPACE_ID = /^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$/;

export function isValidWorkspaceId(workspaceId: string): boolean {
  return WORKSPACE_ID.test(workspaceId);
}

export function podName(workspaceId: string): string {
  return `tandem-ws-${workspaceId}`;
}

export function claimName(workspaceId: string): string {
  return `tandem-ws-${workspaceId}-data`;
}

export function workspaceLabels(workspaceId: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [WORKSPACE_LABEL]: workspaceId, 'app.kubernetes.io/component': 'workspace' };
}

export type PodSpecOptions = Pick<KubernetesBackendOptions, 'image' | 'imagePullPolicy' | 'cpu' | 'memory' | 'storage' | 'storageClassName'>;

export function buildWorkspaceClaim(workspaceId: string, options: PodSpecOptions): V1PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claimName(workspaceId), labels: workspaceLabels(workspaceId) },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: options.storage } },
      ...(options.storageClassName ? { storageClassName: options.storageClassName } : {}),
    },
  };
}

export function buildWorkspacePod(workspaceId: string, options: PodSpecOptions): V1Pod {
  const resources = { cpu: options.cpu, memory: options.memory };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName(workspaceId), labels: workspaceLabels(workspaceId) },
    spec: {
      automountServiceAccountToken: false,
      enableServiceLinks: false, // no cluster service addresses leaked into the environment
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 5,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: UID,
        runAsGroup: UID,
        fsGroup: UID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: CONTAINER_NAME,
          image: options.image,
          imagePullPolicy: options.imagePullPolicy,
          // PID 1 only waits; `sleep infinity` would ignore SIGTERM and hold the grace period.
          command: ['/bin/sh', '-c', 'trap "exit 0" TERM; while :; do sleep 3600 & wait $!; done'],
          workingDir: WORKSPACE_MOUNT,
          env: [
            { name: 'HOME', value: '/tmp' },
            { name: 'TMPDIR', value: '/tmp' },
          ],
          resources: { requests: resources, limits: resources },
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: UID,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: [
            { name: 'workspace', mountPath: WORKSPACE_MOUNT },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'workspace', persistentVolumeClaim: { claimName: claimName(workspaceId) } },
        { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
      ],
    },
  };
}
