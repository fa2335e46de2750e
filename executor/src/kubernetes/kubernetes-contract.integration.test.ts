/** The executor contract suite against the Kubernetes backend on the fake API server, v5 and v4. */
import { runExecutorContract } from '../contract/executor.contract';
import { KubernetesBackend } from './kubernetes-backend';
import { startFakeApiServer, type ExecProtocol } from './testing/fake-api-server';

for (const protocol of ['v5.channel.k8s.io', 'v4.channel.k8s.io'] satisfies ExecProtocol[]) {
  runExecutorContract(`kubernetes (fake API server, ${protocol})`, async () => {
    const fake = await startFakeApiServer({ protocols: [protocol] });
    const backend = new KubernetesBackend({ kubeConfig: fake.kubeConfig('tandem-contract'), namespace: 'tandem-contract', readyTimeoutMs: 10_000 });
    return { backend, cleanup: () => fake.close() };
  });
}
