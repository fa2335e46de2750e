/**
 * A made-up but plausible review history for the reviews benchmark: users (reviewers of
 * levels 1-4 and authors who review nothing), a workspace per user, requests over the
 * last 180 days and their events, with exactly the counts asked for. Pure and seeded:
 * the same options give the same history.
 *
 * Each request lives the state machine's life (server/src/reviews/review-state-machine.ts):
 * submitted, assigned (or queued and later claimed), perhaps handed back and
 * re-assigned, started, rounds of changes requested and re-requested, then approved,
 * rejected or withdrawn; what would happen after `now` has not happened yet, so recent
 * requests are open in whatever state they have reached, and one in ten stalls part-way
 * (the backlog of old open ones every team has). Rounds are then added to or
 * taken from old, finished requests until the events number exactly `events`.
 */

export interface HistoryOptions {
  requests: number;
  reviewers: number;
  /** Users who review nothing (level 0). */
  authors: number;
  events: number;
  /** ms since the epoch. */
  now: number;
  seed?: number;
}

export type Priority = 'low' | 'medium' | 'high' | 'urgent';
export type Status = 'pending' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
export type Kind = 'submitted' | 'assigned' | 'claimed' | 'started' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn' | 'rerequested' | 'handed_back';

export interface SeedUser {
  index: number;
  username: string;
  level: number;
}

export interface SeedEvent {
  actor: number;
  kind: Kind;
  from: Status | null;
  to: Status;
  at: number;
}

export interface SeedRequest {
  author: number;
  priority: Priority;
  createdAt: number;
  /** As after its last event. */
  status: Status;
  reviewer: number | null;
  lastAssignedAt: number | null;
  updatedAt: number;
  events: SeedEvent[];
}

export interface History {
  users: SeedUser[];
  requests: SeedRequest[];
}

const MIN_LEVEL: Record<Priority, number> = { low: 1, medium: 1, high: 2, urgent: 3 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: small, seeded, uniform in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal around `median` ms: most answers quick, a long tail. */
const logNormal = (random: () => number, median: number) => {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(1_000, Math.round(median * Math.exp(z * 0.9)));
};

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function weighted<T>(random: () => number, table: ReadonlyArray<readonly [T, number]>): T {
  let r = random() * table.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of table) if ((r -= w) < 0) return value;
  return table.at(-1)![0];
}

/** What decides a request's life; its times come from its own seed, so a rebuild with more or fewer rounds is the same request. */
interface Plan {
  author: number;
  priority: Priority;
  createdAt: number;
  queued: boolean;
  handBack: boolean;
  rounds: number;
  outcome: 'approved' | 'rejected' | 'withdrawn';
  /** A request nobody moves on after this many events (a backlog of old open ones); null: it runs its course. */
  stallAfter: number | null;
  seed: number;
}

export function makeHistory(options: HistoryOptions): History {
  const random = rng(options.seed ?? 20261201);
  const users: SeedUser[] = [];
  for (let i = 0; i < options.reviewers; i++) {
    users.push({ index: users.length, username: `rv${String(i).padStart(4, '0')}`, level: weighted(random, [[1, 35], [2, 30], [3, 20], [4, 15]] as const) });
  }
  for (let i = 0; i < options.authors; i++) users.push({ index: users.length, username: `au${String(i).padStart(4, '0')}`, level: 0 });
  const eligible: Record<Priority, number[]> = { low: [], medium: [], high: [], urgent: [] };
  for (const p of Object.keys(eligible) as Priority[]) eligible[p] = users.filter((u) => u.level >= MIN_LEVEL[p]).map((u) => u.index);
  // A few prolific authors, a long tail of occasional ones.
  const authorOf = () => Math.floor(users.length * Math.pow(random(), 2));

  const plans: Plan[] = [];
  for (let i = 0; i < options.requests; i++) {
    plans.push({
      author: authorOf(),
      priority: weighted(random, [['low', 30], ['medium', 40], ['high', 20], ['urgent', 10]] as const),
      createdAt: options.now - Math.floor(random() * 180 * DAY),
      queued: random() < 0.08,
      handBack: random() < 0.1,
      rounds: weighted(random, [[0, 20], [1, 25], [2, 25], [3, 15], [4, 10], [5, 5]] as const),
      outcome: weighted(random, [['approved', 75], ['rejected', 12], ['withdrawn', 13]] as const),
      stallAfter: random() < 0.1 ? 1 + Math.floor(random() * 6) : null,
      seed: Math.floor(random() * 2 ** 31),
    });
  }
  const requests = plans.map((plan) => build(plan, eligible[plan.priority], options.now));
  fitEvents(plans, requests, eligible, options);
  return { users, requests };
}

/** Adds rounds to, or takes them from, requests finished 60 days ago or more, until the events number `events`. */
function fitEvents(plans: Plan[], requests: SeedRequest[], eligible: Record<Priority, number[]>, options: HistoryOptions): void {
  const random = rng((options.seed ?? 20261201) + 1);
  let total = requests.reduce((sum, r) => sum + r.events.length, 0);
  const old = plans.map((_, i) => i).filter((i) => plans[i]!.createdAt < options.now - 60 * DAY && plans[i]!.outcome !== 'withdrawn' && plans[i]!.stallAfter === null);
  if (old.length === 0) throw new Error('no old requests to fit the event count with');
  for (let guard = 0; total !== options.events && guard < 10 * options.events; guard++) {
    const i = pick(random, old);
    const plan = plans[i]!;
    const gap = options.events - total;
    // A round is 3 events (started, changes_requested, rerequested); a hand-back 2 (handed_back, assigned).
    // Off by one: a round the other way leaves two, which a hand-back settles.
    if (Math.abs(gap) !== 2) plan.rounds = Math.max(0, plan.rounds + Math.sign(gap));
    else plan.handBack = gap > 0;
    const rebuilt = build(plan, eligible[plan.priority], options.now);
    total += rebuilt.events.length - requests[i]!.events.length;
    requests[i] = rebuilt;
  }
  if (total !== options.events) throw new Error(`could not fit ${options.events} events (at ${total})`);
}

function build(plan: Plan, eligible: readonly number[], now: number): SeedRequest {
  const random = rng(plan.seed);
  const others = eligible.filter((u) => u !== plan.author);
  const events: SeedEvent[] = [];
  let at = plan.createdAt;
  let status: Status = 'pending';
  let reviewer: number | null = null;
  let lastAssignedAt: number | null = null;
  const happen = (actor: number, kind: Kind, to: Status, after = 0): boolean => {
    if (at + after > now || (plan.stallAfter !== null && events.length >= plan.stallAfter)) return false;
    at += after;
    events.push({ actor, kind, from: kind === 'submitted' ? null : status, to, at });
    status = to;
    return true;
  };
  const assign = (actor: number, kind: 'assigned' | 'claimed', to: number, after = 0): boolean => {
    if (!happen(actor, kind, 'pending', after)) return false;
    reviewer = to;
    lastAssignedAt = at;
    return true;
  };

  const result = (): SeedRequest => ({ author: plan.author, priority: plan.priority, createdAt: plan.createdAt, status, reviewer, lastAssignedAt, updatedAt: at, events });
  happen(plan.author, 'submitted', 'pending');
  if (others.length === 0) return result();
  if (plan.queued) {
    const claimer = pick(random, others);
    if (!assign(claimer, 'claimed', claimer, logNormal(random, 2 * DAY))) return result();
  } else {
    assign(plan.author, 'assigned', pick(random, others));
  }
  if (plan.handBack) {
    const from = reviewer!;
    if (!happen(from, 'handed_back', 'pending', logNormal(random, 2 * HOUR))) return result();
    const next = others.filter((u) => u !== from);
    if (next.length) assign(from, 'assigned', pick(random, next));
    else reviewer = null;
  }
  if (reviewer === null) return result();
  const r: number = reviewer;
  if (!happen(r, 'started', 'in_review', logNormal(random, 10 * HOUR))) return result();
  for (let round = 0; round < plan.rounds; round++) {
    if (!happen(r, 'changes_requested', 'changes_requested', logNormal(random, 2 * DAY))) return result();
    if (!happen(plan.author, 'rerequested', 'pending', logNormal(random, DAY))) return result();
    if (!happen(r, 'started', 'in_review', logNormal(random, 6 * HOUR))) return result();
  }
  if (plan.outcome === 'withdrawn') happen(plan.author, 'withdrawn', 'withdrawn', logNormal(random, 10 * HOUR));
  else happen(r, plan.outcome, plan.outcome, logNormal(random, 2 * DAY));
  return result();
}
