// PLACEHOLDER: replaced by its owner.
import type { ServerContext } from '../context';
import type { TemplatedApp } from '../uws';

export function registerWorkspaceSocket(_app: TemplatedApp, _ctx: ServerContext): { close(): void } {
  return { close() {} };
}
