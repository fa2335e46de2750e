// Terminals run in a sandbox (bubblewrap, with pasta for user-mode networking and
// nftables to keep it off the host's private addresses; setpriv and prlimit come
// with util-linux). On a fresh Debian or Ubuntu machine where we may install
// packages (root with apt-get), install what is missing; otherwise say the one
// command to run. Without bubblewrap the server still starts, and refuses
// terminals with the same advice. TANDEM_SANDBOX=none skips this.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (process.env.TANDEM_SANDBOX === 'none' || process.env.TANDEM_EXECUTOR === 'kubernetes') process.exit(0);

const has = (command) => {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
};
const packages = [['bwrap', 'bubblewrap'], ['pasta', 'passt'], ['nft', 'nftables']].filter(([command]) => !has(command)).map(([, pkg]) => pkg);
if (packages.length > 0) {
  const command = `apt-get install -y ${packages.join(' ')}`;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`The terminal sandbox needs ${packages.join(', ')}: installing`);
    try {
      execSync(`apt-get update && ${command}`, { stdio: 'inherit' });
    } catch {
      console.warn(`Could not install ${packages.join(', ')}; terminals stay off until \`${command}\` works.`);
    }
  } else {
    console.warn(`Terminals need a sandbox: run \`sudo ${command}\` (until then the server refuses terminals and says so).`);
  }
}
