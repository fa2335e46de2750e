/**
 * Waits for a workspace pod to become Ready by watching it, and says why not.
 * Fatal states end the wait at once; hints (unschedulable, a volume that does not
 * mount, an image still being retried) are kept and, with the pod's and claim's
 * warning events, become the reason if the timeout expires.
 */
import { CoreV1Api, KubeConfig, Watch, type V1Pod } from '@kubernetes/client-node';
import { PodStartError } from './errors';
import { diagnosePod, hintFromEvents, type FailureKind } from './pod-diagnosis';

export interface ReadinessTarget {
  kubeConfig: KubeConfig;
  api: CoreV1Api;
  namespace: string;
  pod: string;
  claim: string;
}

export async function waitForPodReady(target: ReadinessTarget, timeoutMs: number): Promise<void> {
  let hint: { kind: FailureKind; message: string } | undefined;
  let watchAbort: AbortController | undefined;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;

  try {
    await new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
      };
      const onPod = (type: string, pod: V1Pod) => {
        if (type === 'DELETED') return finish(new PodStartError('crashed', 'the workspace pod was deleted while starting'));
        const diagnosis = diagnosePod(pod);
        if (diagnosis.state === 'ready') return finish();
        if (diagnosis.state === 'fatal') return finish(new PodStartError(diagnosis.kind, diagnosis.message));
        hint = diagnosis.hint ?? hint;
      };
      const watch = () => {
        if (settled) return;
        new Watch(target.kubeConfig)
          .watch(`/api/v1/namespaces/${target.namespace}/pods`, { fieldSelector: `metadata.name=${target.pod}` }, onPod, () => {
            // The API server ends watches now and then: watch again until settled.
            if (!settled) setTimeout(watch, 200).unref();
          })
          .then((abort) => {
            watchAbort = abort;
            if (settled) abort.abort();
          }, () => {
            if (!settled) setTimeout(watch, 500).unref();
          });
      };
      timer = setTimeout(() => {
        explainTimeout(target, hint, timeoutMs).then(finish, finish);
      }, timeoutMs);
      watch();
    });
  } finally {
    clearTimeout(timer);
    watchAbort?.abort();
  }
}

async function explainTimeout(target: ReadinessTarget, hint: { kind: FailureKind; message: string } | undefined, timeoutMs: number): Promise<PodStartError> {
  const events = await Promise.all(
    [target.pod, target.claim].map((name) =>
      target.api.listNamespacedEvent({ namespace: target.namespace, fieldSelector: `involvedObject.name=${name}` }).then((list) => list.items, () => []),
    ),
  );
  const reason = hintFromEvents(events.flat()) ?? hint;
  const seconds = Math.round(timeoutMs / 1000);
  return new PodStartError(reason?.kind ?? 'timeout', `the workspace pod was not ready after ${seconds} s${reason ? `: ${reason.message}` : ''}`);
}
