/**
 * Why a workspace pod is not Ready (pure logic over the pod's status and events).
 *
 * Fatal: the cluster will not get there by itself (an image that cannot be pulled
 * after back-off, a bad image name, a container that keeps crashing, phase Failed)
 * -> start fails at once. Pending: the cluster may still fix it (the autoscaler adds
 * a node, a volume attaches late) -> remembered, and reported if the ready timeout
 * expires.
 */
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';

export type FailureKind = 'image-pull' | 'unschedulable' | 'volume' | 'crashed' | 'config' | 'timeout';

export type PodDiagnosis =
  | { state: 'ready' }
  | { state: 'waiting'; hint?: { kind: FailureKind; message: string } }
  | { state: 'fatal'; kind: FailureKind; message: string };

const FATAL_WAITING: Record<string, FailureKind> = {
  ImagePullBackOff: 'image-pull',
  InvalidImageName: 'image-pull',
  ErrImageNeverPull: 'image-pull',
  CrashLoopBackOff: 'crashed',
  CreateContainerConfigError: 'config',
  CreateContainerError: 'config',
};

export function diagnosePod(pod: V1Pod): PodDiagnosis {
  const status = pod.status ?? {};
  if (status.phase === 'Failed' || status.phase === 'Succeeded') {
    return { state: 'fatal', kind: 'crashed', message: `pod ${status.phase.toLowerCase()}: ${status.reason ?? status.message ?? 'container exited'}` };
  }
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  if (status.phase === 'Running' && ready?.status === 'True') return { state: 'ready' };

  for (const container of status.containerStatuses ?? []) {
    const waiting = container.state?.waiting;
    if (!waiting?.reason) continue;
    const kind = FATAL_WAITING[waiting.reason];
    const message = `${waiting.reason}: ${waiting.message ?? container.image}`;
    if (kind) return { state: 'fatal', kind, message };
    if (waiting.reason === 'ErrImagePull') return { state: 'waiting', hint: { kind: 'image-pull', message } };
  }
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return { state: 'waiting', hint: { kind: 'unschedulable', message: `Unschedulable: ${scheduled.message ?? 'no node fits'}` } };
  }
  return { state: 'waiting' };
}

const EVENT_KINDS: Record<string, FailureKind> = {
  FailedScheduling: 'unschedulable',
  FailedMount: 'volume',
  FailedAttachVolume: 'volume',
  ProvisioningFailed: 'volume',
  Failed: 'image-pull',
  BackOff: 'crashed',
};

/** The most recent warning event that explains a pod (or its claim) not starting. */
export function hintFromEvents(events: CoreV1Event[]): { kind: FailureKind; message: string } | undefined {
  const warnings = events
    .filter((e) => e.type === 'Warning' && e.reason && EVENT_KINDS[e.reason])
    .sort((a, b) => timeOf(b) - timeOf(a));
  const latest = warnings[0];
  if (!latest?.reason) return undefined;
  return { kind: EVENT_KINDS[latest.reason]!, message: `${latest.reason}: ${latest.message ?? ''}`.trim() };
}

function timeOf(event: CoreV1Event): number {
  const t = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp;
  return t ? new Date(t).getTime() : 0;
}
