/**
 * A server process for held-terminals.integration.test.ts, to be killed with SIGKILL:
 * `node --import tsx held-terminal-server.ts <dataDir> <workspaceId> <sandbox> <script>`
 * opens a terminal, types `<script>`, waits for `hello`, and prints one JSON line
 * `{termId, output}` (what it saw), then waits to be killed.
 */
import { createLocalBackend } from '../local-backend';

const [dataDir, workspaceId, sandbox, script] = process.argv.slice(2) as [string, string, 'bwrap' | 'none', string];
const backend = createLocalBackend({ dataDir, sandbox });
const environment = await backend.start(workspaceId);
const terminal = await environment.openTerminal({ cols: 80, rows: 24 });
let output = '';
terminal.onData((data) => (output += data));
terminal.write(script);
const deadline = Date.now() + 20_000;
while (!output.includes('hello\r\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
process.stdout.write(`${JSON.stringify({ termId: terminal.id, output })}\n`);
setInterval(() => {}, 60_000);
