// Every script a browser context loads, with its bytes as transferred (the encoded body,
// compressed when the server compressed it), decoded, and as gzip -9 would send it, so
// the figure compares with the "gzipped" targets whatever encoding was served.
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Request } from 'playwright-core';

export interface ScriptLoad {
  url: string;
  /** The encoded body as it came over the wire (without headers). */
  transferred: number;
  decoded: number;
  gzipped: number;
  /** Content-Encoding of the response ('' for none). */
  encoding: string;
  /** performance.now() in this process when the response had fully arrived. */
  finishedAt: number;
}

const isScript = (req: Request) => req.resourceType() === 'script' || /\.m?js$/.test(new URL(req.url()).pathname);

export function watchScripts(context: BrowserContext): { settled(): Promise<ScriptLoad[]> } {
  const loads: Array<Promise<ScriptLoad | null>> = [];
  context.on('requestfinished', (req) => {
    if (!isScript(req)) return;
    const finishedAt = performance.now();
    loads.push(
      (async () => {
        const res = await req.response();
        if (!res) return null;
        const [sizes, body, headers] = await Promise.all([req.sizes(), res.body(), res.allHeaders()]);
        return {
          url: req.url(),
          transferred: sizes.responseBodySize,
          decoded: body.length,
          gzipped: gzipSync(body, { level: 9 }).length,
          encoding: headers['content-encoding'] ?? '',
          finishedAt,
        };
      })().catch(() => null),
    );
  });
  return { settled: async () => (await Promise.all(loads)).filter((l): l is ScriptLoad => l !== null) };
}

export interface ScriptTotals {
  count: number;
  transferred: number;
  decoded: number;
  gzipped: number;
}

/** Each URL once: a second load of the same script (a worker importing a chunk the page has) comes from the cache. */
export function totals(all: readonly ScriptLoad[]): ScriptTotals {
  const loads = [...new Map(all.map((l) => [l.url, l])).values()];
  return loads.reduce((t, l) => ({ count: t.count + 1, transferred: t.transferred + l.transferred, decoded: t.decoded + l.decoded, gzipped: t.gzipped + l.gzipped }),
    { count: 0, transferred: 0, decoded: 0, gzipped: 0 });
}
