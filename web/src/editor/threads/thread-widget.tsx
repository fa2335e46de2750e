'use client';
/**
 * One thread, inline under its code: its state, the comments, the suggestion of the
 * latest comment that carries one, the orphaned thread's quote and re-attach, the reply
 * box, resolve and reopen. Escape closes it (the glyph in the gutter opens it again).
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Thread } from '@tandem/protocol';
import type { ThreadView } from '../../lib/thread-resolution';
import { threadApi } from '../../lib/thread-api';
import { CommentComposer } from './comment-composer';
import { CommentItem } from './comment-item';
import { OrphanBlock } from './orphan-block';
import { SuggestionBlock } from './suggestion-block';
import type { ThreadStore } from './thread-store';

export interface ThreadWidgetProps {
  view: ThreadView;
  workspaceId: string;
  store: ThreadStore;
  me: { id: string; username: string };
  canComment: boolean;
  canApply: boolean;
  /** Focus the widget (the panel jumped to it). */
  focus?: number;
  onClose(): void;
  onApply(thread: Thread, commentId: string, force: boolean): Promise<void>;
  onAttachHere(thread: Thread): Promise<void>;
}

const STATE_LABEL: Record<ThreadView['state'], string> = {
  pending: 'Loading…',
  anchored: '',
  changed: 'Code changed since',
  orphaned: 'Code deleted',
  'file-level': 'On the whole file',
};

export function ThreadWidget({ view, workspaceId, store, me, canComment, canApply, focus, onClose, onApply, onAttachHere }: ThreadWidgetProps) {
  const { thread } = view;
  const root = useRef<HTMLElement>(null);
  const saved = (t: Thread) => store.upsert(t);
  const suggested = [...thread.comments].reverse().find((c) => c.suggestion !== null && !c.deleted);
  const mayResolve = thread.author?.id === me.id || canComment;

  useEffect(() => {
    if (focus) root.current?.focus();
  }, [focus]);

  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      onClose();
    }
  };

  return (
    <section ref={root} tabIndex={-1} className={`thread-widget thread-${view.state}${thread.resolved ? ' thread-resolved' : ''}`} data-thread-id={thread.id}
      data-state={view.state} data-start-line={view.range?.startLineNumber ?? ''} data-end-line={view.endLine ?? ''} aria-label={`Comment thread by ${thread.author?.username ?? 'someone'}`} onKeyDown={keys}>
      <header className="thread-head">
        <span className="thread-state" data-testid="thread-state">{thread.resolved ? 'Resolved' : STATE_LABEL[view.state]}</span>
        <span className="spacer" />
        {mayResolve && (
          <button type="button" className="link" onClick={() => void threadApi.update(workspaceId, thread.id, { resolved: !thread.resolved }).then(saved)}>
            {thread.resolved ? 'Reopen' : 'Resolve'}
          </button>
        )}
        <button type="button" className="link" aria-label="Close thread" onClick={onClose}>×</button>
      </header>
      {view.state === 'changed' && view.current !== null && (
        <div className="thread-changed-texts">
          <figure><figcaption>Commented on</figcaption><pre>{thread.quote}</pre></figure>
          <figure><figcaption>Now</figcaption><pre>{view.current}</pre></figure>
        </div>
      )}
      {view.state === 'orphaned' && (
        <OrphanBlock quote={thread.quote} canAttach={canComment}
          onReattach={async () => saved(await threadApi.update(workspaceId, thread.id, { reattach: true }))}
          onAttachHere={() => onAttachHere(thread)} />
      )}
      <ol className="thread-comments">
        {thread.comments.map((c) => (
          <CommentItem key={c.id} comment={c} mine={c.author?.id === me.id}
            onEdit={async (body) => saved(await threadApi.editComment(workspaceId, thread.id, c.id, { body }))}
            onDelete={async () => saved(await threadApi.deleteComment(workspaceId, thread.id, c.id))} />
        ))}
      </ol>
      {suggested && (view.state === 'anchored' || view.state === 'changed') && (
        <SuggestionBlock comment={suggested} quote={thread.quote} current={view.state === 'changed' ? view.current : null} canApply={canApply}
          onApply={(force) => onApply(thread, suggested.id, force)} />
      )}
      {canComment && !thread.resolved && (
        <CommentComposer store={store} draftKey={`reply:${thread.id}`} draftMeta={{ threadId: thread.id, itemId: thread.itemId }} submitLabel="Reply"
          onSubmit={async (body, suggestion) => {
            saved(await threadApi.reply(workspaceId, thread.id, { body, suggestion, draftKey: `reply:${thread.id}` }));
            store.dropDraft(`reply:${thread.id}`, false);
          }}
          onCancel={onClose} />
      )}
    </section>
  );
}
