/**
 * Where a server's fencing epoch comes from (holder-protocol.ts: a holder refuses
 * attachers older than the newest it has seen). The server passes the token of the
 * lease it holds on the workspace when it has one (a number that grows with each
 * lease), so a replica that lost the workspace is refused however late it tries. Without
 * one, the time of each attach: the server that attached last wins, which is what a
 * restart or a hand-over (release, then attach elsewhere) needs.
 */
export type EpochSource = number | ((workspaceId: string) => number);

export function epochFor(source: EpochSource | undefined, workspaceId: string): number {
  if (typeof source === 'number') return source;
  return source ? source(workspaceId) : Date.now();
}
