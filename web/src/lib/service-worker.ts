/**
 * Registers the app-shell service worker (web/public/sw.js), so a later visit opens
 * with no network (docs/connection.md "Opening the IDE offline"). Only in the built
 * export: `next dev` serves other files under other names.
 */
let started = false;

export function registerServiceWorker(): void {
  if (started || process.env.NODE_ENV !== 'production' || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  started = true;
  // Installing fetches the whole shell (about 1.5 MB): not while the page itself loads and
  // the editor starts, which it would slow down; a couple of seconds after the load event.
  const register = () => {
    // A worker that cannot register leaves the IDE as it is online: nothing to tell anyone.
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  };
  const later = () => setTimeout(register, AFTER_LOAD_MS);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

const AFTER_LOAD_MS = 2000;
