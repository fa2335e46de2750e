// PLACEHOLDER: replaced by its owner.
import type { ServerContext } from '../context';
import type { TemplatedApp } from '../uws';
import type { DocumentHub } from './document-hub';

export function registerSyncEndpoint(_app: TemplatedApp, _ctx: ServerContext, _hub: DocumentHub): void {}
