/**
 * The HTTP API's shapes: every request body and path parameter, every response body,
 * the error body with its stable codes, and every operation (`registerHttpApi`, from
 * which the server generates its OpenAPI document). The OpenAPI helpers the path
 * files share stay inside this folder.
 */
export * from './archives';
export * from './auth';
export * from './errors';
export * from './files';
export * from './items';
export * from './me';
export * from './members';
export * from './notifications';
export * from './ops';
export * from './preferences';
export * from './paths';
export * from './reviews';
export * from './reviewers';
export * from './run';
export * from './threads';
export * from './tokens';
export * from './workspaces';
export * from './workspace-settings';
