import { parseDuration } from './durations';
import { InvalidOptionError } from './errors';

/** The parts of a script's `options` the runner reads. */
export interface ScriptOptions {
  vus?: number;
  duration?: string | number;
  iterations?: number;
  stages?: Array<{ duration: string | number; target: number }>;
  thresholds?: Record<string, Array<string | { threshold: string; abortOnFail?: boolean }>>;
}

export interface RunOverrides {
  vus?: number;
  duration?: string;
}

/** What the runner does: this many VUs looping `default` for this long (or sharing a count of iterations). */
export interface RunPlan {
  vus: number;
  durationMs: number;
  /** Shared iterations (k6's shared-iterations executor) when no duration is given, else null. */
  iterations: number | null;
  /** Where the plan departs from what k6 would do (ramping stages). */
  notes: string[];
}

/**
 * k6's precedence: CLI flags over script options. Ramping `stages` are run as the
 * highest target for the summed duration; k6-lite proves protocol logic, not ramps.
 */
export function planRun(options: ScriptOptions, overrides: RunOverrides = {}): RunPlan {
  const notes: string[] = [];
  let vus = options.vus ?? 1;
  let durationMs = options.duration === undefined ? 0 : parseDuration(options.duration);
  if (options.stages && options.stages.length > 0 && overrides.duration === undefined) {
    vus = Math.max(1, ...options.stages.map((s) => s.target));
    durationMs = options.stages.reduce((sum, s) => sum + parseDuration(s.duration), 0);
    notes.push(`stages run as ${vus} constant VUs for the summed ${durationMs / 1000}s (k6-lite does not ramp)`);
  }
  if (overrides.vus !== undefined) vus = overrides.vus;
  if (overrides.duration !== undefined) durationMs = parseDuration(overrides.duration);
  if (!Number.isInteger(vus) || vus < 1) throw new InvalidOptionError(`vus must be a positive integer, got ${vus}`);
  if (durationMs === 0) {
    // As k6: no duration means shared iterations, one by default; k6's default cap is 10 minutes.
    return { vus, durationMs: 600_000, iterations: options.iterations ?? 1, notes };
  }
  return { vus, durationMs, iterations: null, notes };
}
