// k6 load test of terminals over the workspace socket (/ws/<workspaceId>, JSON frames).
//
// Each VU opens the workspace socket, opens a terminal (term.open -> term.opened),
// then types: single keystrokes (keystroke echo latency: input sent -> next
// term.output) and whole commands (time to the command's output). With FLOOD=1 it
// instead runs a command that prints FLOOD_BYTES bytes and measures output throughput.
//
// Environment:
//   BASE_URL        server origin                           (http://127.0.0.1:8080)
//   TOKEN, USERNAME, PASSWORD, WORKSPACE_ID   as in sync.js
//   VUS             virtual users, one terminal each         (5)
//   DURATION        test length                              (30s)
//   STAGES          ramping VUs, e.g. "20s:10,1m:10,10s:0"   (overrides VUS/DURATION)
//   COMMANDS        commands per session                     (10)
//   KEY_INTERVAL    ms between keystrokes                    (100)
//   FLOOD           1: the throughput variant                (0)
//   FLOOD_BYTES     bytes the flood command prints           (10000000)
//
// Metrics: term_open (ms), term_echo (ms), term_command (ms), term_output_bytes,
// term_flood_throughput (bytes/s), term_errors (rate), term_lost_bytes: output the
// server skipped this client past (`term.skipped`, or a gap in `seq`), counted in
// characters of the output stream (bytes, for the ASCII the commands print). Any lost
// output fails the run: a terminal that drops what a program printed is broken.
import ws from 'k6/ws';
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import { apiToken, parseStages, workspace, wsUrl } from './lib/api.js';

const FLOOD = __ENV.FLOOD === '1';
const FLOOD_BYTES = Number(__ENV.FLOOD_BYTES || 10000000);
const COMMANDS = Number(__ENV.COMMANDS || 10);
const KEY_INTERVAL = Number(__ENV.KEY_INTERVAL || 100);
const stages = parseStages(__ENV.STAGES);

export const options = {
  ...(stages ? { stages } : { vus: Number(__ENV.VUS || 5), duration: __ENV.DURATION || '30s' }),
  thresholds: FLOOD
    ? { term_flood_throughput: ['p(50)>1000000'], term_errors: ['rate<0.01'], term_lost_bytes: ['count<1'] }
    : {
        term_lost_bytes: ['count<1'],
        term_echo: ['p(95)<50', 'p(99)<100'],
        term_command: ['p(95)<500', 'p(99)<1000'],
        term_open: ['p(95)<5000'],
        term_errors: ['rate<0.01'],
      },
};

const openTime = new Trend('term_open', true);
const echo = new Trend('term_echo', true);
const command = new Trend('term_command', true);
const outputBytes = new Counter('term_output_bytes');
const floodThroughput = new Trend('term_flood_throughput');
const errors = new Rate('term_errors');
const lostBytes = new Counter('term_lost_bytes');

export function setup() {
  const token = apiToken();
  return { token, workspaceId: workspace(token, `k6-terminal-${Date.now()}`) };
}

export default function (data) {
  const url = `${wsUrl()}/ws/${data.workspaceId}?token=${encodeURIComponent(data.token)}`;
  const vu = exec.vu.idInTest;
  const res = ws.connect(url, {}, (socket) => {
    const send = (obj) => socket.send(JSON.stringify(obj));
    let termId = null;
    let openedAt = 0;
    let output = ''; // recent output, to find what we wait for
    let waiting = null; // {kind, since, needle}
    let step = 0;
    let floodStart = 0;
    let floodBytes = 0;
    // The offset of the next output character we expect (TERM-2's seq); a fresh terminal starts at 0.
    let nextSeq = 0;
    const lose = (upTo) => {
      if (upTo > nextSeq) lostBytes.add(upTo - nextSeq);
      nextSeq = Math.max(nextSeq, upTo);
    };

    // Terminals outlive their socket (a reconnecting IDE resumes them), and a workspace
    // holds at most 16: every session closes its terminal before its socket.
    const finish = () => {
      if (termId !== null) send({ type: 'term.close', termId });
      socket.close();
    };

    const next = () => {
      if (FLOOD) {
        if (step++ > 0) return finish();
        floodStart = Date.now();
        floodBytes = 0;
        const needle = `FLOOD_${6 * 7 + vu}_END`;
        waiting = { kind: 'flood', since: floodStart, needle };
        // The needle only appears computed, so the typed command's echo never matches it.
        send({ type: 'term.input', termId, data: `yes k6-flood-output | head -c ${FLOOD_BYTES}; echo FLOOD_$((6*7+${vu}))_END\r` });
        return;
      }
      if (step >= COMMANDS * 2) return finish();
      const n = step++;
      if (n % 2 === 0) {
        // A keystroke: its echo is the next output.
        waiting = { kind: 'echo', since: Date.now(), needle: null };
        send({ type: 'term.input', termId, data: 'x' });
      } else {
        // Erase the keystroke, then a command whose output differs from its echo.
        const needle = `${1000 + n}_done`;
        waiting = { kind: 'command', since: Date.now(), needle };
        send({ type: 'term.input', termId, data: `\u007fecho $((1000+${n}))_done\r` });
      }
    };

    socket.on('open', () => {
      openedAt = Date.now();
      send({ type: 'term.open', cols: 120, rows: 30 });
    });
    socket.on('message', (text) => {
      const msg = JSON.parse(text);
      if (msg.type === 'term.opened' && termId === null) {
        termId = msg.termId;
        openTime.add(Date.now() - openedAt);
        errors.add(0);
        lostBytes.add(0); // present in the summary (and its threshold checked) even when nothing is lost
        // Let the shell print its prompt first.
        socket.setTimeout(next, 1000);
      } else if (msg.type === 'term.skipped' && msg.termId === termId) {
        lose(msg.to);
      } else if (msg.type === 'term.output' && msg.termId === termId) {
        lose(msg.seq);
        nextSeq = Math.max(nextSeq, msg.seq + msg.data.length);
        outputBytes.add(msg.data.length);
        if (!waiting) return;
        if (waiting.kind === 'flood') floodBytes += msg.data.length;
        output = (output + msg.data).slice(-4096);
        if (waiting.needle === null || output.indexOf(waiting.needle) !== -1) {
          const elapsed = Date.now() - waiting.since;
          if (waiting.kind === 'echo') echo.add(elapsed);
          else if (waiting.kind === 'command') command.add(elapsed);
          else floodThroughput.add(floodBytes / Math.max(elapsed, 1) * 1000);
          waiting = null;
          output = '';
          socket.setTimeout(next, KEY_INTERVAL);
        }
      } else if (msg.type === 'error' || (msg.type === 'term.exit' && msg.termId === termId)) {
        errors.add(1);
        finish();
      }
    });
    socket.on('error', () => errors.add(1));
    socket.setTimeout(() => {
      if (termId === null || waiting) errors.add(1);
      finish();
    }, FLOOD ? 120000 : 60000);
  });
  check(res, { 'upgraded (101)': (r) => r && r.status === 101 });
}
