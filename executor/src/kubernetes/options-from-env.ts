/**
 * The Kubernetes backend's settings from environment variables (pure: the caller
 * passes the environment, read once in the server's main.ts). Unset variables keep
 * the defaults; a bad value fails at start-up with the variable's name.
 */
import { z } from 'zod';
import { DEFAULT_KUBERNETES_OPTIONS, type KubernetesBackendOptions } from './options';

const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/, 'a Kubernetes quantity such as 500m, 512Mi or 1Gi');
const ms = z.coerce.number().int().min(1000);

const schema = z.object({
  TANDEM_K8S_NAMESPACE: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a namespace name').default(DEFAULT_KUBERNETES_OPTIONS.namespace),
  TANDEM_K8S_IMAGE: z.string().min(1).default(DEFAULT_KUBERNETES_OPTIONS.image),
  TANDEM_K8S_IMAGE_PULL_POLICY: z.enum(['Always', 'IfNotPresent', 'Never']).default(DEFAULT_KUBERNETES_OPTIONS.imagePullPolicy),
  TANDEM_K8S_CPU: quantity.default(DEFAULT_KUBERNETES_OPTIONS.cpu),
  TANDEM_K8S_MEMORY: quantity.default(DEFAULT_KUBERNETES_OPTIONS.memory),
  TANDEM_K8S_STORAGE: quantity.default(DEFAULT_KUBERNETES_OPTIONS.storage),
  TANDEM_K8S_STORAGE_CLASS: z.string().min(1).optional(),
  TANDEM_K8S_READY_TIMEOUT_MS: ms.default(DEFAULT_KUBERNETES_OPTIONS.readyTimeoutMs),
  TANDEM_K8S_KEEPALIVE_MS: ms.default(DEFAULT_KUBERNETES_OPTIONS.keepaliveMs),
});

export class KubernetesConfigError extends Error {}

export function kubernetesOptionsFromEnv(env: Record<string, string | undefined>): KubernetesBackendOptions {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new KubernetesConfigError(`invalid Kubernetes executor settings: ${issues}`);
  }
  const e = parsed.data;
  return {
    ...DEFAULT_KUBERNETES_OPTIONS,
    namespace: e.TANDEM_K8S_NAMESPACE,
    image: e.TANDEM_K8S_IMAGE,
    imagePullPolicy: e.TANDEM_K8S_IMAGE_PULL_POLICY,
    cpu: e.TANDEM_K8S_CPU,
    memory: e.TANDEM_K8S_MEMORY,
    storage: e.TANDEM_K8S_STORAGE,
    storageClassName: e.TANDEM_K8S_STORAGE_CLASS,
    readyTimeoutMs: e.TANDEM_K8S_READY_TIMEOUT_MS,
    keepaliveMs: e.TANDEM_K8S_KEEPALIVE_MS,
  };
}
