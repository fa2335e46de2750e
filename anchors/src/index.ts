/**
 * Comment anchors on Yjs text (issue 11): made on one peer, resolved the same on every
 * peer and on the server, found again when their code moved. Pure over Yjs; no I/O.
 */
export * from './anchor';
export * from './find-quote';
export * from './line-index';
export * from './resolve-anchors';
