'use client';
/**
 * A review request: its header and the actions this person may take, then the files
 * (live, read-only), the changes since the request or the last verdict, and the
 * history. Addressed as /review?id=<id> (a static export has no dynamic segments).
 * A notification about this review reloads it, so a verdict shows up live.
 */
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReviewEvent } from '@tandem/protocol';
import { useReviewNotifications } from '../hooks/use-notifications';
import { useSession } from '../hooks/use-session';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import { latestOnly } from '../lib/latest-only';
import type { Review } from '@tandem/protocol';
import type { User } from '../lib/types';
import { ReviewActions } from './review-actions';
import { ReviewChangesPanel } from './review-changes';
import { ReviewFiles } from './review-files';
import { ReviewHeader } from './review-header';
import { ReviewHistory } from './review-history';
import { TabList, TabPanel } from './tab-list';
import { TopBar } from './top-bar';

type Tab = 'files' | 'changes' | 'history';
const TABS = [
  { key: 'files', label: 'Files' },
  { key: 'changes', label: 'Changes' },
  { key: 'history', label: 'History' },
] as const;

export function ReviewView() {
  const id = useSearchParams().get('id') ?? '';
  const { user, error, signOut } = useSession();
  if (!id) return <div className="page">No review given. <a href="/reviews">Back to your reviews</a></div>;
  if (!user) return <div className="page muted">{error ?? 'Loading…'}</div>;
  return <OpenReview key={id} id={id} user={user} signOut={signOut} />;
}

function OpenReview({ id, user, signOut }: { id: string; user: User; signOut(): void }) {
  const [review, setReview] = useState<Review | null>(null);
  const [events, setEvents] = useState<ReviewEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('files');

  // An action's answer and a notification's reload can cross: the newest load wins.
  const loads = useMemo(() => ({
    review: latestOnly<Review>((r) => {
      setReview(r);
      setError(null);
    }),
    events: latestOnly<ReviewEvent[]>(setEvents),
  }), []);
  const reloadEvents = useCallback(() => {
    loads.events(api.reviewEvents(id)).catch(() => undefined);
  }, [id, loads]);
  const reload = useCallback(() => {
    loads.review(api.getReview(id)).catch((e: unknown) => setError(describeError(e)));
    reloadEvents();
  }, [id, loads, reloadEvents]);
  useEffect(reload, [reload]);
  useReviewNotifications(id, reload);

  const changed = (r: Review) => {
    loads.review(Promise.resolve(r)).catch(() => undefined);
    reloadEvents();
  };

  return (
    <div className="review-page">
      <TopBar user={user} onSignOut={signOut}>
        <span className="muted">/</span>
        <a href="/reviews">Reviews</a>
        <span className="muted">/</span>
        <strong>{review?.title ?? '…'}</strong>
      </TopBar>
      {error && !review && <main className="page"><p className="error" role="alert">{error}</p></main>}
      {review && (
        <main className="review-main">
          <div className="review-top">
            <ReviewHeader review={review} />
            <ReviewActions review={review} onChanged={changed} onStale={reload} />
          </div>
          <TabList<Tab> idBase="review" label="Review" tabs={TABS} selected={tab} onSelect={setTab} />
          <TabPanel idBase="review" selected={tab} className="review-panel">
            {tab === 'files' && <ReviewFiles workspaceId={review.workspaceId} reviewId={review.id} user={user} />}
            {tab === 'changes' && <ReviewChangesPanel review={review} />}
            {tab === 'history' && <div className="page-pad"><ReviewHistory events={events} /></div>}
          </TabPanel>
        </main>
      )}
    </div>
  );
}
