/**
 * Where the API and the sockets live. In production the server that served the page
 * serves them too (same origin, so the session cookie and the Origin check just work);
 * under `next dev` the sockets go straight to NEXT_PUBLIC_TANDEM_SERVER.
 */
export function serverOrigin(): string {
  return process.env.NEXT_PUBLIC_TANDEM_SERVER || window.location.origin;
}

export function socketOrigin(): string {
  return serverOrigin().replace(/^http/, 'ws');
}
