/** The heartbeat policy every endpoint uses (protocol's heartbeat.ts), as a sweep. */
import { HEARTBEAT_INTERVAL_MS, SILENT_CLIENT_MS } from '@tandem/protocol';
import { HeartbeatSweep } from './heartbeat-sweep';

/** Each beat and each silence is seen within this of when it is due. */
const TICK_MS = 250;

export const socketHeartbeats = () => new HeartbeatSweep({ intervalMs: HEARTBEAT_INTERVAL_MS, silentMs: SILENT_CLIENT_MS, tickMs: TICK_MS });
