/**
 * @tandem/protocol: every wire shape, once. Close codes, the `/ws` messages and the
 * `/sync` extensions, the HTTP request and response schemas (the OpenAPI document is
 * generated from them). It imports nothing of ours; server, executor and web import it.
 */
export * from './close-codes';
export * from './role';
export * from './utf8-length';
export * from './sync-ack';
export * from './heartbeat';
export * from './ws-error';
export * from './hello';
export * from './presence';
export * from './tree-events';
export * from './env-status';
export * from './terminal-messages';
export * from './thread-messages';
export * from './language-messages';
export * from './ws-client-messages';
export * from './ws-server-messages';
export * from './http';
