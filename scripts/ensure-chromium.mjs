// `npm test` drives the IDE in Debian's Chromium. On a fresh machine where we may
// install packages (root with apt-get), install it; otherwise say what to do. The
// browser test itself fails with the same advice if Chromium is still missing.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.log('Chromium not found: installing Debian\'s chromium for the browser tests');
    execSync('apt-get update && apt-get install -y chromium', { stdio: 'inherit' });
  } else {
    console.warn(`No Chromium at ${path}: install it (apt-get install chromium) or set CHROMIUM_PATH; the browser test will fail without it.`);
  }
}
