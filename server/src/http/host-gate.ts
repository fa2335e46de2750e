/**
 * The HTTP side of the host policy: requests for a Host this server is not configured
 * for get 421 `misdirected_request`, except the operations paths that must answer
 * whatever the Host: Kubernetes probes and Prometheus scrapers reach the pod by its
 * IP. Those are liveness/readiness (nothing to steal) and the metrics, which
 * TANDEM_METRICS_TOKEN closes (a rebinding page has no token). Pure.
 */
import { misdirected, type HttpError } from './errors';

export interface HostCheck {
  allowsHost(host: string | undefined): boolean;
}

/** Paths (and everything below them) that answer any Host. */
export const ANY_HOST_PATHS = ['/api/health', '/metrics'];

export function hostGate(hosts: HostCheck, anyHostPaths: readonly string[] = ANY_HOST_PATHS) {
  return (path: string, headers: Readonly<Record<string, string>>): HttpError | null => {
    if (hosts.allowsHost(headers['host'])) return null;
    if (anyHostPaths.some((p) => path === p || path.startsWith(`${p}/`))) return null;
    return misdirected();
  };
}
