import { describe, expect, it } from 'vitest';
import { DEFAULT_KUBERNETES_OPTIONS } from './options';
import { kubernetesOptionsFromEnv, KubernetesConfigError } from './options-from-env';

describe('kubernetesOptionsFromEnv', () => {
  it('keeps the defaults when nothing is set', () => {
    expect(kubernetesOptionsFromEnv({})).toEqual(DEFAULT_KUBERNETES_OPTIONS);
  });

  it('reads the image, namespace and resources', () => {
    const options = kubernetesOptionsFromEnv({ TANDEM_K8S_IMAGE: 'reg/exec:1', TANDEM_K8S_NAMESPACE: 'ws', TANDEM_K8S_CPU: '1', TANDEM_K8S_MEMORY: '2Gi' });
    expect(options).toMatchObject({ image: 'reg/exec:1', namespace: 'ws', cpu: '1', memory: '2Gi' });
  });

  it('names the variable that is wrong', () => {
    expect(() => kubernetesOptionsFromEnv({ TANDEM_K8S_MEMORY: 'lots' })).toThrow(KubernetesConfigError);
    expect(() => kubernetesOptionsFromEnv({ TANDEM_K8S_MEMORY: 'lots' })).toThrow(/TANDEM_K8S_MEMORY/);
  });
});
