'use client';
/**
 * The reviews dashboard: assigned to me, submitted by me, and the queue I may claim,
 * with the count of each on its tab; filters by status and priority, a title search,
 * pages by cursor ("Load more"). The order is the server's: priority, then age.
 */
import type { ReviewPriority, ReviewStatus } from '@tandem/protocol';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../hooks/use-session';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import type { Review, ReviewList } from '@tandem/protocol';
import { PRIORITY_LABEL, REVIEW_PRIORITIES, REVIEW_STATUSES, STATUS_LABEL } from '../lib/review-labels';
import { ReviewRow } from './review-row';
import { TabList, TabPanel } from './tab-list';
import { TopBar } from './top-bar';

type Tab = 'reviewer' | 'author' | 'queue';
const TABS: ReadonlyArray<{ key: Tab; label: string }> = [
  { key: 'reviewer', label: 'Assigned to me' },
  { key: 'author', label: 'Submitted by me' },
  { key: 'queue', label: 'Queue' },
];
const isTab = (t: string | null): t is Tab => TABS.some((x) => x.key === t);
const PAGE = 25;

export function ReviewsDashboardView() {
  const { user, error: sessionError, signOut } = useSession();
  const params = useSearchParams();
  const router = useRouter();
  const initial = params.get('tab');
  const [tab, setTab] = useState<Tab>(isTab(initial) ? initial : 'reviewer');
  const [status, setStatus] = useState<ReviewStatus | ''>('');
  const [priority, setPriority] = useState<ReviewPriority | ''>('');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [reviews, setReviews] = useState<Review[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [counts, setCounts] = useState<ReviewList['counts'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Typing searches once the person pauses, not on every key.
  useEffect(() => {
    const t = setTimeout(() => setQuery(q.trim()), 300);
    return () => clearTimeout(t);
  }, [q]);

  const load = useCallback(
    (cursor: string | undefined) =>
      api.listReviews({ role: tab, status: status || undefined, priority: priority || undefined, q: query || undefined, cursor, limit: PAGE }),
    [tab, status, priority, query],
  );

  useEffect(() => {
    if (!user) return;
    let live = true;
    setReviews(null);
    setError(null);
    load(undefined).then(
      (list) => {
        if (!live) return;
        setReviews(list.reviews);
        setNextCursor(list.nextCursor);
        if (list.counts) setCounts(list.counts);
      },
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [user, load]);

  const loadMore = () => {
    if (!nextCursor) return;
    load(nextCursor).then((list) => {
      setReviews((r) => [...(r ?? []), ...list.reviews]);
      setNextCursor(list.nextCursor);
    }, (e: unknown) => setError(describeError(e)));
  };

  const selectTab = (t: Tab) => {
    setTab(t);
    router.replace(`/reviews?tab=${t}`, { scroll: false });
  };

  if (!user) return <div className="page muted">{sessionError ?? 'Loading…'}</div>;
  return (
    <>
      <TopBar user={user} onSignOut={signOut}><span className="muted">/</span><strong>Reviews</strong></TopBar>
      <main className="page wide">
        <TabList idBase="reviews" label="Reviews" selected={tab} onSelect={selectTab}
          tabs={TABS.map((t) => ({ key: t.key, label: <>{t.label} <span className="count" data-count={t.key}>{counts ? counts[t.key] : ''}</span></> }))} />
        <TabPanel idBase="reviews" selected={tab} className="card">
          <div className="row filters">
            <input type="search" placeholder="Search titles" aria-label="Search titles" value={q} onChange={(e) => setQ(e.target.value)} style={{ flex: 1 }} />
            <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as ReviewStatus | '')}>
              <option value="">Any status</option>
              {REVIEW_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABEL[s]}</option>)}
            </select>
            <select aria-label="Priority" value={priority} onChange={(e) => setPriority(e.target.value as ReviewPriority | '')}>
              <option value="">Any priority</option>
              {REVIEW_PRIORITIES.map((p) => <option key={p} value={p}>{PRIORITY_LABEL[p]}</option>)}
            </select>
          </div>
          {error && <p className="error" role="alert">{error}</p>}
          {reviews === null ? <p className="muted">Loading…</p> : reviews.length === 0 ? <p className="muted">No reviews here.</p> : (
            <table className="list">
              <thead>
                <tr><th>Title</th><th>Priority</th><th>Status</th><th>Author</th><th>Reviewer</th><th>Requested</th></tr>
              </thead>
              <tbody>{reviews.map((r) => <ReviewRow key={r.id} review={r} />)}</tbody>
            </table>
          )}
          {nextCursor && <button type="button" onClick={loadMore}>Load more</button>}
        </TabPanel>
      </main>
    </>
  );
}
