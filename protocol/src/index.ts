/**
 * @tandem/protocol: every wire shape, once. Close codes, the `/ws` messages and the
 * `/sync` extensions, the HTTP request and response schemas (the OpenAPI document is
 * generated from them). It imports nothing of ours; server, executor and web import it.
 */
export * from './close-codes';
