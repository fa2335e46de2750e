'use client';
/** A thread being started on a range: the first comment, optionally a suggestion prefilled with the code. */
import type { Thread, ThreadRange } from '@tandem/protocol';
import { threadApi } from '../../lib/thread-api';
import { CommentComposer } from './comment-composer';
import type { ThreadStore } from './thread-store';

export interface NewThread {
  draftKey: string;
  range: ThreadRange;
  quote: string;
  endLine: number;
}

interface Props {
  draft: NewThread;
  workspaceId: string;
  itemId: string;
  reviewId: string | null;
  store: ThreadStore;
  onDone(thread: Thread | null): void;
}

export function NewThreadWidget({ draft, workspaceId, itemId, reviewId, store, onDone }: Props) {
  return (
    <section className="thread-widget thread-new" aria-label="New comment">
      <header className="thread-head"><span className="thread-state">New comment</span></header>
      <pre className="thread-quote">{draft.quote.length > 400 ? `${draft.quote.slice(0, 400)}…` : draft.quote}</pre>
      <CommentComposer store={store} draftKey={draft.draftKey} draftMeta={{ itemId, range: draft.range }} submitLabel="Comment" suggestFrom={draft.quote} autoFocus
        onSubmit={async (body, suggestion) => {
          const thread = await threadApi.create(workspaceId, { itemId, reviewId, range: draft.range, body, suggestion, draftKey: draft.draftKey });
          // The server deleted the draft with the post (draftKey); so here, before the widget goes.
          store.dropDraft(draft.draftKey, false);
          store.upsert(thread);
          onDone(thread);
        }}
        onCancel={() => onDone(null)} />
    </section>
  );
}
