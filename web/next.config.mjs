/**
 * The IDE is a static export (`out/`) that the Tandem server serves from memory on
 * the same origin as the API and the sockets, so the app needs no server of its own.
 *
 * `next dev` proxies the API to a running Tandem server (TANDEM_SERVER, default
 * http://127.0.0.1:8080); the sockets go there directly (see src/lib/origins.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The package exports neither `package.json` nor its folders, so find its root from its main file.
const monacoMain = createRequire(import.meta.url).resolve('monaco-editor');
const monacoEsm = join(monacoMain.slice(0, monacoMain.lastIndexOf(`${sep}monaco-editor${sep}`) + '/monaco-editor'.length), 'esm');
// monaco-vim's `exports` give browsers a UMD build that carries its own copy of an old
// Monaco's internals; its CommonJS build imports the editor's modules, so one Monaco serves it.
const monacoVim = createRequire(import.meta.url).resolve('monaco-vim');
const devServer = process.env.TANDEM_SERVER ?? 'http://127.0.0.1:8080';
const dev = process.env.NODE_ENV === 'development';

/** @type {import('next').NextConfig} */
const config = {
  output: dev ? undefined : 'export',
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  outputFileTracingRoot: join(here, '..'),
  // The wire shapes (../protocol) and comment anchoring (../anchors) are TypeScript sources in workspace packages, shared with the server.
  transpilePackages: ['@tandem/protocol', '@tandem/anchors'],
  env: { NEXT_PUBLIC_TANDEM_SERVER: dev ? devServer : '' },
  ...(dev ? { rewrites: async () => [{ source: '/api/:path*', destination: `${devServer}/api/:path*` }] } : {}),
  webpack(webpackConfig) {
    // monaco-editor's `exports` map sends `monaco-editor/esm/vs/x.js` to a path that does
    // not exist; y-monaco imports exactly that. One alias to the real folder serves both,
    // so a single Monaco instance loads.
    webpackConfig.resolve.alias = { ...webpackConfig.resolve.alias, 'monaco-editor/esm': monacoEsm, 'monaco-vim$': monacoVim };
    return webpackConfig;
  },
};

export default config;
