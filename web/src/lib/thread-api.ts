/** The comment-thread routes (docs/comment-threads.md) as typed functions; every change answers the whole thread. */
import type {
  CreateCommentBody, CreateThreadBody, DraftEnvelope, DraftList, EditCommentBody, PutDraftBody, Thread, ThreadEnvelope, ThreadList, UpdateThreadBody,
} from '@tandem/protocol';
import { call, queryString } from './api';

const threads = (ws: string) => `/api/workspaces/${encodeURIComponent(ws)}/threads`;
const thread = (ws: string, id: string) => `${threads(ws)}/${encodeURIComponent(id)}`;
const drafts = (ws: string) => `/api/workspaces/${encodeURIComponent(ws)}/drafts`;
const unwrap = (r: ThreadEnvelope) => r.thread;

export interface ThreadQuery {
  itemId?: string;
  reviewId?: string;
  resolved?: boolean;
}

export const threadApi = {
  /** Every page of the list. */
  async listAll(ws: string, query: ThreadQuery = {}): Promise<Thread[]> {
    const out: Thread[] = [];
    let cursor: string | null = null;
    do {
      const page: ThreadList = await call<ThreadList>('GET', `${threads(ws)}${queryString({ ...query, cursor, limit: 200 })}`);
      out.push(...page.threads);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  },
  create: (ws: string, body: CreateThreadBody) => call<ThreadEnvelope>('POST', threads(ws), body).then(unwrap),
  update: (ws: string, id: string, body: UpdateThreadBody) => call<ThreadEnvelope>('PATCH', thread(ws, id), body).then(unwrap),
  remove: (ws: string, id: string) => call<void>('DELETE', thread(ws, id)),
  reply: (ws: string, id: string, body: CreateCommentBody) => call<ThreadEnvelope>('POST', `${thread(ws, id)}/comments`, body).then(unwrap),
  editComment: (ws: string, id: string, commentId: string, body: EditCommentBody) =>
    call<ThreadEnvelope>('PATCH', `${thread(ws, id)}/comments/${encodeURIComponent(commentId)}`, body).then(unwrap),
  deleteComment: (ws: string, id: string, commentId: string) => call<ThreadEnvelope>('DELETE', `${thread(ws, id)}/comments/${encodeURIComponent(commentId)}`).then(unwrap),
  applySuggestion: (ws: string, id: string, commentId: string, force = false) =>
    call<ThreadEnvelope>('POST', `${thread(ws, id)}/apply-suggestion`, { commentId, force }).then(unwrap),

  listDrafts: (ws: string) => call<DraftList>('GET', drafts(ws)).then((r) => r.drafts),
  putDraft: (ws: string, key: string, body: PutDraftBody, keepalive = false) =>
    call<DraftEnvelope>('PUT', `${drafts(ws)}/${encodeURIComponent(key)}`, body, { keepalive }).then((r) => r.draft),
  deleteDraft: (ws: string, key: string) => call<void>('DELETE', `${drafts(ws)}/${encodeURIComponent(key)}`),
};
