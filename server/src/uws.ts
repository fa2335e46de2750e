/**
 * The one file that loads uWebSockets.js.
 *
 * The package's own entry point silently falls back to a slow pure-JS server when
 * the native binding fails to load. We load the native binding directly and refuse
 * to start without it: a Tandem server on the fallback would meet none of its
 * latency or CPU targets and nobody would notice.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as UWS from 'uWebSockets.js';

export type { HttpRequest, HttpResponse, TemplatedApp, WebSocket, us_listen_socket } from 'uWebSockets.js';

export class NativeBindingError extends Error {
  override readonly name = 'NativeBindingError';
}

function loadNative(): typeof UWS {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('uWebSockets.js/package.json'));
  const file = join(pkgDir, 'binaries', `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`);
  try {
    return require(file) as typeof UWS;
  } catch (cause) {
    throw new NativeBindingError(
      `uWebSockets.js native binding could not be loaded (${file}). Tandem does not run on the pure-JS fallback: ` +
        `use Node.js 20 on linux-x64 (glibc) or reinstall dependencies.`,
      { cause },
    );
  }
}

export const uws = loadNative();
