// k6 load test of the sync endpoint (/sync/<workspaceId>/<itemId>, y-websocket protocol).
//
// Each VU opens one document, completes the handshake (sync step 1 -> step 2), then
// inserts real Yjs updates into the document's text (encoded by lib/yjs-encoder.js,
// unit-tested against yjs) and measures how long everybody else's updates take to
// reach it: every insert carries its send time.
//
// Environment:
//   BASE_URL         server origin                           (http://127.0.0.1:8080)
//   TOKEN            API token; otherwise setup() signs up/in and creates one
//   USERNAME, PASSWORD  account used by setup() when TOKEN is not set (default: a fresh user)
//   WORKSPACE_ID     use this workspace instead of creating one
//   DOCS             documents (files created by setup)     (10)
//   CLIENTS_PER_DOC  VUs per document; VUs = DOCS x this   (5)
//   RATE             updates per second per VU              (2)
//   DURATION         test length, e.g. 30s, 2m              (30s)
//   SESSION          how long one connection lasts before the VU reconnects (DURATION)
//   STAGES           ramping VUs instead, e.g. "30s:50,1m:50,20s:0" (overrides DURATION)
//
// Metrics: sync_time_to_synced, sync_propagation (ms), sync_updates_sent,
// sync_updates_delivered, sync_connection_errors (rate).
import ws from 'k6/ws';
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import { apiToken, createFiles, parseStages, workspace, wsUrl } from './lib/api.js';
import {
  decodeMessage,
  decodeStateVector,
  decodeUpdateStrings,
  encodeSyncStep1,
  encodeSyncStep2,
  makeMarker,
  parseMarkers,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  TextWriter,
} from './lib/yjs-encoder.js';

const DOCS = Number(__ENV.DOCS || 10);
const CLIENTS_PER_DOC = Number(__ENV.CLIENTS_PER_DOC || 5);
const RATE = Number(__ENV.RATE || 2);
const DURATION = __ENV.DURATION || '30s';
const stages = parseStages(__ENV.STAGES);

export const options = {
  ...(stages ? { stages } : { vus: DOCS * CLIENTS_PER_DOC, duration: DURATION }),
  thresholds: {
    sync_propagation: ['p(95)<50', 'p(99)<100'],
    sync_time_to_synced: ['p(95)<500', 'p(99)<1000'],
    sync_connection_errors: ['rate<0.01'],
    sync_updates_delivered: ['count>0'],
  },
};

const timeToSynced = new Trend('sync_time_to_synced', true);
const propagation = new Trend('sync_propagation', true);
const sent = new Counter('sync_updates_sent');
const delivered = new Counter('sync_updates_delivered');
const connectionErrors = new Rate('sync_connection_errors');

export function setup() {
  const token = apiToken();
  const workspaceId = workspace(token, `k6-sync-${Date.now()}`);
  return { token, workspaceId, files: createFiles(token, workspaceId, DOCS, 'k6-sync') };
}

// Per VU: a stable Yjs client id and its clock, kept across reconnects.
let writer = null;

function durationMs(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!m) return 30000;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2]];
}

export default function (data) {
  const vu = exec.vu.idInTest;
  const file = data.files[(vu - 1) % data.files.length];
  // Distinct per VU and far from the random ids browsers pick in practice.
  if (writer === null) writer = new TextWriter(0x6b360000 + vu);
  const tag = `vu${vu}`;
  const url = `${wsUrl()}/sync/${data.workspaceId}/${file.id}?token=${encodeURIComponent(data.token)}`;
  const session = durationMs(__ENV.SESSION || (stages ? '60s' : DURATION));
  const started = Date.now();
  let synced = false;
  let recorded = false;
  // One verdict per connection: synced, or an error (refused, failed, never synced).
  const verdict = (failed) => {
    if (recorded) return;
    recorded = true;
    connectionErrors.add(failed ? 1 : 0);
  };

  const res = ws.connect(url, {}, (socket) => {
    const send = (bytes) => socket.sendBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    socket.on('open', () => send(encodeSyncStep1()));
    socket.on('binaryMessage', (buffer) => {
      const msg = decodeMessage(new Uint8Array(buffer));
      if (msg.type === 2 && msg.denied) {
        verdict(true);
        socket.close();
        return;
      }
      if (msg.type !== 0) return;
      if (msg.step === SYNC_STEP1) {
        writer.catchUp(decodeStateVector(msg.payload));
        send(encodeSyncStep2());
      } else if (msg.step === SYNC_STEP2 && !synced) {
        synced = true;
        timeToSynced.add(Date.now() - started);
        verdict(false);
        socket.setInterval(() => {
          send(writer.insert(makeMarker(tag, Date.now())));
          sent.add(1);
        }, 1000 / RATE);
      } else if (msg.step === SYNC_UPDATE) {
        const now = Date.now();
        for (const s of decodeUpdateStrings(msg.payload).strings) {
          for (const m of parseMarkers(s.text)) {
            if (m.tag === tag) continue;
            propagation.add(now - m.time);
            delivered.add(1);
          }
        }
      }
    });
    socket.on('error', () => verdict(true));
    socket.on('close', () => verdict(true));
    socket.setTimeout(() => {
      verdict(true);
      socket.close();
    }, session);
  });
  check(res, { 'upgraded (101)': (r) => r && r.status === 101 });
}
