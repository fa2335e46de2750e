/**
 * Tandem's service worker: keeps the app shell so the IDE opens with no network
 * (docs/connection.md "Opening the IDE offline"). It caches only the static export:
 * - /_next/static/ (content-hashed, never changes under one name): cache first;
 * - pages and other files of the export: network first, the cached copy when the
 *   network fails (a page is kept under its path, whatever its query: /workspace?id=…
 *   is one page of the static export).
 * Never /api/ (answers are per person and must be fresh; the files themselves are kept
 * by the page in IndexedDB) and never the sockets (a WebSocket is not a fetch).
 *
 * scripts/generate-sw.mjs rewrites the BUILD line in web/out/sw.js after `next build`:
 * the version (a hash of the export's pages, so each build gets its own cache and the
 * old ones are deleted on activate) and the shell to fetch on install (each page and
 * every /_next/static/ file: a chunk first needed offline can only come from here).
 */
const BUILD = { version: 'dev', precache: [] }; // replaced by scripts/generate-sw.mjs
const PREFIX = 'tandem-shell-';
const CACHE = PREFIX + BUILD.version;

/** Paths the worker never answers: the API, the sockets' upgrade paths, metrics, itself. */
const PASS = [/^\/api(\/|$)/, /^\/ws(\/|$)/, /^\/sync(\/|$)/, /^\/metrics$/, /^\/sw\.js$/];

/** 'static', 'page' or null (left to the browser) for a request. */
function routeFor(request, origin) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== origin) return null;
  if (PASS.some((p) => p.test(url.pathname))) return null;
  if (url.pathname.startsWith('/_next/static/')) return 'static';
  return 'page';
}

/** Where a page is kept: its path alone (the query is read by the page's script, not the server). */
function pageKey(request) {
  const url = new URL(request.url);
  return url.origin + url.pathname;
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone()).catch(() => undefined);
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const key = pageKey(request);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic' && !response.redirected) await cache.put(key, response.clone()).catch(() => undefined);
    return response;
  } catch (error) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(BUILD.precache);
      // A new build takes over at once: the pages it caches are this build's.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      // The pages open now load through us from here on (their next lazy chunk comes from the cache offline).
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const route = routeFor(event.request, self.location.origin);
  if (route === 'static') event.respondWith(cacheFirst(event.request));
  else if (route === 'page') event.respondWith(networkFirst(event.request));
});

// For the unit tests (web/src/lib/service-worker.test.ts), which run this file in a sandbox.
self.tandemServiceWorker = { routeFor, pageKey, CACHE, BUILD };
