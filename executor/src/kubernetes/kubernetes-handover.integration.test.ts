/**
 * Two replicas' Kubernetes backends, one workspace pod (issue 14): the replica that
 * takes the lease over re-attaches to the running pod (no second pod, the files
 * kept), and the pod's fence refuses every push from the old owner's epoch, however
 * late it comes. Against the fake API server (REST, watch, exec over WebSocket).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FencedError } from '../errors';
import { KubernetesBackend } from './kubernetes-backend';
import { startFakeApiServer, type FakeApiServer } from './testing/fake-api-server';

const NAMESPACE = 'tandem-test';
const WORKSPACE = 'ws-handover';

let fake: FakeApiServer;
let oldOwner: KubernetesBackend;
let newOwner: KubernetesBackend;

beforeEach(async () => {
  fake = await startFakeApiServer({ protocols: ['v5.channel.k8s.io'] });
  const backend = () => new KubernetesBackend({ kubeConfig: fake.kubeConfig(NAMESPACE), namespace: NAMESPACE, readyTimeoutMs: 5_000 });
  oldOwner = backend();
  newOwner = backend();
});
afterEach(async () => {
  await newOwner.stop(WORKSPACE).catch(() => {});
  await fake.close();
});

describe('a workspace pod handed from one replica to another', () => {
  it('is re-attached, not replaced, and refuses the old owner\'s pushes once the new owner wrote', async () => {
    const before = await oldOwner.start(WORKSPACE, { epoch: 1 });
    await before.pushAll([{ path: 'main.py', content: 'print("old owner")\n' }]);
    const pod = fake.store.list('pods', NAMESPACE, `tandem.dev/workspace=${WORKSPACE}`)[0]!;

    // The lease moved (epoch 2): the new owner finds the running pod and takes it as it is.
    const after = await newOwner.start(WORKSPACE, { epoch: 2 });
    const pods = fake.store.list('pods', NAMESPACE, `tandem.dev/workspace=${WORKSPACE}`);
    expect(pods).toHaveLength(1);
    expect(pods[0]!.metadata.uid).toBe(pod.metadata.uid);
    expect((await after.pull()).get('main.py')).toMatchObject({ content: 'print("old owner")\n' });
    await after.push([{ kind: 'write', path: 'main.py', content: 'print("new owner")\n' }]);

    // The old owner wakes from a pause and pushes what it still had queued: refused, nothing written.
    await expect(before.push([{ kind: 'write', path: 'main.py', content: 'print("stale")\n' }])).rejects.toBeInstanceOf(FencedError);
    await expect(before.pushAll([{ path: 'main.py', content: 'print("stale")\n' }])).rejects.toBeInstanceOf(FencedError);
    expect((await after.pull()).get('main.py')).toMatchObject({ content: 'print("new owner")\n' });
    // The new owner goes on writing.
    await after.push([{ kind: 'write', path: 'more.py', content: 'x = 1\n' }]);
    expect((await after.pull()).get('more.py')).toMatchObject({ content: 'x = 1\n' });
  }, 60_000);
});
