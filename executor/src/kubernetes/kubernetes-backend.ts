/**
 * The Kubernetes execution backend: per workspace a Pod and a PersistentVolumeClaim
 * (found again by their labels), started on demand and reused when they exist.
 * Stopping deletes the pod and keeps the claim, so the files (and installed
 * dependencies) on the volume survive until the next start.
 */
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { EnvironmentStartError } from '../errors';
import type { ExecutionBackend, ExecutionEnvironment, StartOptions } from '../executor';
import type { PullLimits } from '../archive';
import { httpStatusOf, PodStartError } from './errors';
import { KubernetesEnvironment } from './kubernetes-environment';
import { PodHolders } from './pod-holders';
import { epochFor } from '../holder/fencing-epoch';
import { CONTAINER_NAME, DEFAULT_KUBERNETES_OPTIONS, type KubernetesBackendOptions } from './options';
import { diagnosePod } from './pod-diagnosis';
import { waitForPodReady } from './pod-readiness';
import { buildWorkspaceClaim, buildWorkspacePod, claimName, isValidWorkspaceId, MANAGED_SELECTOR, podName, WORKSPACE_LABEL } from './pod-spec';

export interface KubernetesBackendConfig extends Partial<KubernetesBackendOptions> {
  /** Defaults to `KUBECONFIG`, ~/.kube/config or the in-cluster service account. */
  kubeConfig?: KubeConfig;
  pullLimits?: Partial<PullLimits>;
}

export class KubernetesBackend implements ExecutionBackend {
  readonly kind = 'kubernetes' as const;
  private readonly options: KubernetesBackendOptions;
  private readonly kubeConfig: KubeConfig;
  private readonly api: CoreV1Api;
  private readonly environments = new Map<string, Promise<KubernetesEnvironment>>();

  /** The lease epoch each workspace was last started under (issue 14): pushes and holder attaches carry it. */
  private readonly leaseEpochs = new Map<string, number>();

  constructor(private readonly config: KubernetesBackendConfig = {}) {
    this.options = { ...DEFAULT_KUBERNETES_OPTIONS, ...withoutUndefined(config) };
    this.kubeConfig = config.kubeConfig ?? defaultKubeConfig();
    this.api = this.kubeConfig.makeApiClient(CoreV1Api);
  }

  start(workspaceId: string, options: StartOptions = {}): Promise<ExecutionEnvironment> {
    if (options.epoch !== undefined) this.leaseEpochs.set(workspaceId, Math.max(options.epoch, this.leaseEpochs.get(workspaceId) ?? 0));
    let starting = this.environments.get(workspaceId);
    if (!starting) {
      starting = this.startPod(workspaceId);
      this.environments.set(workspaceId, starting);
      // A failed start is forgotten, so the next start tries again.
      starting.catch(() => this.environments.delete(workspaceId));
    }
    return starting.then((environment) => {
      environment.fenceAt(options.epoch ?? 0);
      return environment;
    });
  }

  async stop(workspaceId: string): Promise<void> {
    const environment = this.environments.get(workspaceId);
    this.environments.delete(workspaceId);
    (await environment?.catch(() => undefined))?.closeAll();
    if (!isValidWorkspaceId(workspaceId)) return;
    await this.deletePod(podName(workspaceId));
  }

  /** Lets go of a workspace: the pod stays, and its held shells run on for the next server process. */
  async release(workspaceId: string): Promise<void> {
    const environment = this.environments.get(workspaceId);
    this.environments.delete(workspaceId);
    (await environment?.catch(() => undefined))?.letGo();
  }

  async listOrphans(): Promise<string[]> {
    const pods = await this.api.listNamespacedPod({ namespace: this.options.namespace, labelSelector: MANAGED_SELECTOR });
    const ids = pods.items.map((pod) => pod.metadata?.labels?.[WORKSPACE_LABEL]).filter((id): id is string => !!id);
    return [...new Set(ids)].filter((id) => !this.environments.has(id));
  }

  private async startPod(workspaceId: string): Promise<KubernetesEnvironment> {
    if (!isValidWorkspaceId(workspaceId)) throw new EnvironmentStartError(`workspace id ${JSON.stringify(workspaceId)} cannot name a pod`);
    const { namespace } = this.options;
    const pod = podName(workspaceId);
    const claim = claimName(workspaceId);
    try {
      await this.createIfAbsent(() => this.api.createNamespacedPersistentVolumeClaim({ namespace, body: buildWorkspaceClaim(workspaceId, this.options) }));
      await this.ensurePod(workspaceId);
      await waitForPodReady({ kubeConfig: this.kubeConfig, api: this.api, namespace, pod, claim }, this.options.readyTimeoutMs);
    } catch (error) {
      // Leave no half-started pod behind; the claim (the files) stays.
      await this.deletePod(pod).catch(() => {});
      if (error instanceof EnvironmentStartError) throw error;
      throw new EnvironmentStartError(`could not start the workspace pod: ${(error as Error).message}`, { cause: error });
    }
    const target = { kubeConfig: this.kubeConfig, namespace, pod, container: CONTAINER_NAME };
    const o = this.options;
    const holders = o.holdTerminals
      ? new PodHolders({ target, dir: `${o.holderDir}/${workspaceId}`, python: o.holderPython, shell: ['bash', '-l'], ringUnits: o.holderRingUnits, epoch: () => this.leaseEpochs.get(workspaceId) ?? epochFor(o.epoch, workspaceId), keepaliveMs: o.keepaliveMs })
      : null;
    return new KubernetesEnvironment(workspaceId, target, {
      keepaliveMs: o.keepaliveMs,
      transferTimeoutMs: o.transferTimeoutMs,
      pullLimits: this.config.pullLimits,
      holders,
    });
  }

  /** Creates the pod, or reuses a healthy one left by an earlier process. */
  private async ensurePod(workspaceId: string): Promise<void> {
    const { namespace } = this.options;
    const body = buildWorkspacePod(workspaceId, this.options);
    const existing = await this.readPod(podName(workspaceId));
    if (existing) {
      const diagnosis = diagnosePod(existing);
      const terminating = !!existing.metadata?.deletionTimestamp;
      if (diagnosis.state !== 'fatal' && !terminating) return;
      await this.deletePod(podName(workspaceId));
    }
    await this.createIfAbsent(() => this.api.createNamespacedPod({ namespace, body }));
  }

  private async readPod(name: string): Promise<V1Pod | undefined> {
    try {
      return await this.api.readNamespacedPod({ name, namespace: this.options.namespace });
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async deletePod(name: string): Promise<void> {
    try {
      await this.api.deleteNamespacedPod({ name, namespace: this.options.namespace, gracePeriodSeconds: 5 });
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error;
    }
  }

  private async createIfAbsent(create: () => Promise<unknown>): Promise<void> {
    try {
      await create();
    } catch (error) {
      if (httpStatusOf(error) !== 409) throw error; // 409 AlreadyExists: reuse it
    }
  }
}

function defaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault(); // KUBECONFIG, ~/.kube/config, or the in-cluster service account
  return kc;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

