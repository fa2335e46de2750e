/**
 * Every word the IDE shows for the review workflow, in one place: statuses, priorities,
 * reviewer levels, actions, audit-event kinds, notification sentences. Pure.
 */
import { MIN_REVIEWER_LEVEL, REVIEW_PRIORITIES, type ReviewAction, type ReviewEventKind, type ReviewPriority, type ReviewStatus } from '@tandem/protocol';
import type { Notification, NotificationVerdict } from '@tandem/protocol';

// The lists in order, as the menus show them, and the level each priority needs: the protocol's.
export { MIN_REVIEWER_LEVEL, REVIEW_PRIORITIES, REVIEW_STATUSES } from '@tandem/protocol';

export const STATUS_LABEL: Record<ReviewStatus, string> = {
  pending: 'Pending',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

export const PRIORITY_LABEL: Record<ReviewPriority, string> = { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' };

export const ACTION_LABEL: Record<ReviewAction, string> = {
  start: 'Start review',
  request_changes: 'Request changes',
  approve: 'Approve',
  reject: 'Reject',
  withdraw: 'Withdraw',
  rerequest: 'Re-request review',
  claim: 'Claim',
  hand_back: 'Hand back',
};

/** Actions that end or refuse something: drawn as danger buttons. */
export const DANGER_ACTIONS: ReadonlySet<ReviewAction> = new Set(['reject', 'withdraw']);

export const EVENT_LABEL: Record<ReviewEventKind, string> = {
  submitted: 'requested a review',
  assigned: 'was assigned',
  claimed: 'claimed it',
  started: 'started reviewing',
  changes_requested: 'requested changes',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrew it',
  rerequested: 're-requested a review',
  handed_back: 'handed it back',
};

export const REVIEWER_LEVELS = [
  { level: 0, label: 'Not a reviewer' },
  { level: 1, label: 'Basic' },
  { level: 2, label: 'Intermediate' },
  { level: 3, label: 'Advanced' },
  { level: 4, label: 'Expert' },
] as const;

export function levelLabel(level: number): string {
  return REVIEWER_LEVELS.find((l) => l.level === level)?.label ?? `Level ${level}`;
}

/** The priorities a reviewer of `level` may take, lowest first. */
export function prioritiesFor(level: number): ReviewPriority[] {
  return REVIEW_PRIORITIES.filter((p) => level >= MIN_REVIEWER_LEVEL[p]);
}

/** What a level lets you take, for the settings page. */
export function levelExplanation(level: number): string {
  if (level <= 0) return 'You are not assigned reviews and have no queue.';
  return `May take ${listWords(prioritiesFor(level).map((p) => PRIORITY_LABEL[p].toLowerCase()))} priority requests.`;
}

/** "low, medium and high", or "none" */
export function listWords(words: readonly string[]): string {
  if (words.length === 0) return 'none';
  if (words.length === 1) return words[0]!;
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

export function notificationText(n: Pick<Notification, 'kind' | 'actorUsername' | 'verdict' | 'reviewTitle'>): string {
  // Either may be gone: the actor's account deleted, or a kind that is not about a review.
  const who = n.actorUsername ?? 'Someone';
  const title = n.reviewTitle === null ? 'a review' : `“${n.reviewTitle}”`;
  switch (n.kind) {
    case 'review_assigned':
      return `You were assigned ${title}`;
    case 'review_claimed':
      return `${who} claimed ${title}`;
    case 'review_started':
      return `${who} started reviewing ${title}`;
    case 'review_verdict':
      return `${who} ${verdictWords(n.verdict)} ${title}`;
    case 'review_handed_back':
      return `${who} handed back ${title}`;
    case 'review_withdrawn':
      return `${who} withdrew ${title}`;
    case 'review_rerequested':
      return `${who} re-requested a review of ${title}`;
    // Part 2's comment threads.
    case 'comment_reply':
      return `${who} replied on ${title}`;
    case 'comment_mention':
      return `${who} mentioned you on ${title}`;
    case 'review_thread':
      return `${who} commented on ${title}`;
  }
}

function verdictWords(verdict: NotificationVerdict | null): string {
  if (verdict === 'approved') return 'approved';
  if (verdict === 'rejected') return 'rejected';
  if (verdict === 'changes_requested') return 'requested changes on';
  return 'gave a verdict on';
}

/** "3 min ago", "2 h ago", "4 d ago": coarse on purpose, for lists. */
export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** A duration in ms as "45 min", "3 h", "2 d" (reviewer response times); null: "—". */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  if (min < 1440) return `${Math.round(min / 60)} h`;
  return `${Math.round(min / 1440)} d`;
}
