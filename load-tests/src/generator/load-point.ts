// What one load point asks for. Pure data and the arithmetic around it.

export interface LoadPoint {
  name: string;
  docs: number;
  clientsPerDoc: number;
  /** Clients per document that write; the rest only read. Default: all. */
  writersPerDoc?: number;
  /** Updates per second per writer. 0: connect and hold (idle, join). */
  rate: number;
  durationS: number;
  /** Seed document 0 with this many bytes of text before the clients join. */
  seedBytes?: number;
  /** Open every connection at once instead of a few hundred at a time. */
  joinAtOnce?: boolean;
}

export function totalClients(p: LoadPoint): number {
  return p.docs * p.clientsPerDoc;
}

export function writersPerDoc(p: LoadPoint): number {
  return Math.min(p.writersPerDoc ?? p.clientsPerDoc, p.clientsPerDoc);
}

/** Deliveries per second the point should produce: every update reaches every other client of its document. */
export function targetDeliveriesPerSecond(p: LoadPoint): number {
  return p.docs * writersPerDoc(p) * p.rate * (p.clientsPerDoc - 1);
}

/** The generator is the limit, not the server: more than 90% of a core, or a lagging event loop. */
export function generatorWasLimit(cpuCores: number, lagP99Ms: number): boolean {
  return cpuCores > 0.9 || lagP99Ms > 20;
}

export function label(p: LoadPoint): string {
  if (p.seedBytes) return `${p.clientsPerDoc} join ${+(p.seedBytes / 1e6).toFixed(1)} MB doc`;
  if (p.rate === 0) return `${totalClients(p)} idle`;
  const w = writersPerDoc(p);
  if (w !== p.clientsPerDoc) return `${p.docs}x(${w}w+${p.clientsPerDoc - w}r)x${p.rate}/s`;
  return `${p.docs}x${p.clientsPerDoc}x${p.rate}/s`;
}
