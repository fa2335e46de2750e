import { describe, expect, it } from 'vitest';
import { diagnosePod, hintFromEvents } from './pod-diagnosis';

const waiting = (reason: string, message = 'details') => ({ status: { phase: 'Pending', containerStatuses: [{ name: 'w', image: 'img', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason, message } } }] } });

describe('diagnosePod', () => {
  it('is ready when Running with Ready=True', () => {
    expect(diagnosePod({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } })).toEqual({ state: 'ready' });
    expect(diagnosePod({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } })).toEqual({ state: 'waiting' });
  });

  it('fails at once on image pull back-off, bad image names and crash loops', () => {
    expect(diagnosePod(waiting('ImagePullBackOff'))).toMatchObject({ state: 'fatal', kind: 'image-pull' });
    expect(diagnosePod(waiting('InvalidImageName'))).toMatchObject({ state: 'fatal', kind: 'image-pull' });
    expect(diagnosePod(waiting('CrashLoopBackOff'))).toMatchObject({ state: 'fatal', kind: 'crashed' });
    expect(diagnosePod({ status: { phase: 'Failed', reason: 'Evicted' } })).toMatchObject({ state: 'fatal', message: 'pod failed: Evicted' });
  });

  it('keeps a first pull error and an unschedulable pod as hints: the cluster may still recover', () => {
    expect(diagnosePod(waiting('ErrImagePull', 'timeout'))).toEqual({ state: 'waiting', hint: { kind: 'image-pull', message: 'ErrImagePull: timeout' } });
    const pending = { status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes' }] } };
    expect(diagnosePod(pending)).toEqual({ state: 'waiting', hint: { kind: 'unschedulable', message: 'Unschedulable: 0/1 nodes' } });
  });
});

describe('hintFromEvents', () => {
  it('takes the most recent warning that explains the failure', () => {
    const event = (reason: string, at: string, type = 'Warning') => ({ metadata: {}, involvedObject: {}, reason, type, message: reason.toLowerCase(), lastTimestamp: new Date(at) });
    expect(
      hintFromEvents([event('FailedScheduling', '2026-01-01T00:00:00Z'), event('FailedMount', '2026-01-01T00:01:00Z'), event('Pulled', '2026-01-01T00:02:00Z', 'Normal')]),
    ).toEqual({ kind: 'volume', message: 'FailedMount: failedmount' });
    expect(hintFromEvents([])).toBeUndefined();
  });
});
