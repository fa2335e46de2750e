import type { EpochSource } from '../holder/fencing-epoch';

/** Options of the Kubernetes backend, with the defaults the issue asks for. */

export interface KubernetesBackendOptions {
  /** Namespace of the workspace pods (the server's RBAC is limited to it). */
  namespace: string;
  /** The execution image (`execution-image/`). */
  image: string;
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  cpu: string;
  memory: string;
  /** Size of each workspace's volume mounted at /app. */
  storage: string;
  storageClassName?: string;
  /** How long start() waits for Ready before failing with the best reason known. */
  readyTimeoutMs: number;
  /** WebSocket pings on terminal exec streams, so idle terminals are not cut by proxies. */
  keepaliveMs: number;
  /** Ceiling for one push or pull over exec. */
  transferTimeoutMs: number;
  /** Shells under session holders (they outlive the server process); false: exec streams with a TTY, as before. */
  holdTerminals: boolean;
  /** The pod's folder for holder sockets (each workspace's in a folder of its own below). */
  holderDir: string;
  /** Output kept by each holder, in UTF-16 code units. */
  holderRingUnits: number;
  /** The Python 3 of the image that runs the holder. */
  holderPython: string;
  /** This server's fencing epoch for held terminals (`holder/fencing-epoch.ts`; default: the time of each attach). */
  epoch?: EpochSource;
}

export const DEFAULT_KUBERNETES_OPTIONS: KubernetesBackendOptions = {
  namespace: 'tandem-workspaces',
  image: 'tandem-execution:latest',
  imagePullPolicy: 'IfNotPresent',
  cpu: '500m',
  memory: '512Mi',
  storage: '1Gi',
  readyTimeoutMs: 120_000,
  keepaliveMs: 30_000,
  transferTimeoutMs: 60_000,
  holdTerminals: true,
  holderDir: '/tmp/tandem-holders',
  holderRingUnits: 1024 * 1024,
  holderPython: 'python3',
};

/** Where the workspace volume is mounted in the pod; commands run there. */
export const WORKSPACE_MOUNT = '/app';
export const CONTAINER_NAME = 'workspace';
