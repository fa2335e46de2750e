/**
 * Comment threads (code review, part 2; issue 11): threads anchored to ranges of a
 * file's Yjs text, their comments and suggested replacements, and the drafts a user is
 * writing. A thread's `state` is computed on the server from the live document with
 * `@tandem/anchors` (the same algorithm every peer runs). Limits are named once here.
 */
import { isoTimeSchema, uuidSchema } from './fields';
import { workspaceParamsSchema } from './workspaces';
import { z } from './zod';

export const MAX_COMMENT_BODY_CHARS = 10_000;
export const MAX_SUGGESTION_CHARS = 20_000;
export const MAX_THREADS_PER_WORKSPACE = 10_000;
export const MAX_COMMENTS_PER_THREAD = 500;
export const MAX_DRAFTS_PER_USER = 200;
/** A draft's body and suggestion together. */
export const MAX_DRAFT_CHARS = 30_000;
/** The longest wait for a client's positions to reach the server's document before `range_not_synced`. */
export const RANGE_SYNC_WAIT_MS = 2_000;

export const THREAD_STATES = ['pending', 'anchored', 'changed', 'orphaned', 'file-level'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

/** `Y.encodeRelativePosition` bytes in standard base64 (a position is tens of bytes). */
const positionSchema = z.string().min(1).max(1024).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');
const offsetSchema = z.number().int().min(0);
const lineSchema = z.number().int().min(1);

export const threadRangeSchema = z
  .union([
    z.object({ start: positionSchema, end: positionSchema }).strict().openapi({ description: 'base64 of Y.encodeRelativePosition, made by a client: start with assoc 0, end with assoc -1' }),
    z.object({ from: offsetSchema, to: offsetSchema }).strict().openapi({ description: "UTF-16 offsets into the server's current text, [from, to)" }),
    z.object({ line: lineSchema }).strict().openapi({ description: 'One whole line (1-based), ending at the start of the next' }),
    z.object({ startLine: lineSchema, endLine: lineSchema }).strict().openapi({ description: 'Whole lines, inclusive, ending at the start of the line after endLine' }),
  ])
  .openapi('ThreadRange', { description: 'Where a thread sits; omitted: on the whole file' });
export type ThreadRange = z.infer<typeof threadRangeSchema>;

const userRefSchema = z.object({ id: uuidSchema, username: z.string() });
const bodySchema = z.string().trim().min(1).max(MAX_COMMENT_BODY_CHARS);
const suggestionSchema = z.string().max(MAX_SUGGESTION_CHARS).openapi({ description: 'The text to replace the range with' });
export const draftKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9:._-]{1,200}$/, '1-200 of A-Z a-z 0-9 : . _ -')
  .openapi({ description: 'The client\'s key: `new:<itemId>:<uuid>` for a new thread, `reply:<threadId>` for a reply' });

export const threadCommentSchema = z
  .object({
    id: uuidSchema,
    threadId: uuidSchema,
    author: userRefSchema.nullable().openapi({ description: 'null if their account is gone' }),
    body: z.string().openapi({ description: "'' once deleted" }),
    suggestion: z.string().nullable(),
    deleted: z.boolean(),
    createdAt: isoTimeSchema,
    editedAt: isoTimeSchema.nullable(),
    appliedAt: isoTimeSchema.nullable().openapi({ description: 'When its suggestion was applied' }),
    appliedBy: userRefSchema.nullable(),
  })
  .openapi('ThreadComment');
export type ThreadComment = z.infer<typeof threadCommentSchema>;

export const threadSchema = z
  .object({
    id: uuidSchema,
    workspaceId: uuidSchema,
    itemId: uuidSchema,
    path: z.string().openapi({ description: "The file's path now, or when the thread was made if the file is gone" }),
    reviewId: uuidSchema.nullable(),
    author: userRefSchema.nullable(),
    state: z.enum(THREAD_STATES),
    from: z.number().int().nullable().openapi({ description: 'The range now (UTF-16 offsets); null when file-level' }),
    to: z.number().int().nullable(),
    startLine: z.number().int().nullable().openapi({ description: 'The lines of the range now (1-based, the end on its last character)' }),
    endLine: z.number().int().nullable(),
    currentText: z.string().nullable().openapi({ description: 'The text of the range now, when `changed`; else null' }),
    quote: z.string().openapi({ description: "The range's text when made (or re-attached); '' for a whole-file thread" }),
    prefix: z.string(),
    suffix: z.string(),
    anchor: z.object({ start: z.string(), end: z.string() }).nullable().openapi({ description: 'base64 of Y.encodeRelativePosition; null for a whole-file thread' }),
    original: z
      .object({ startLine: z.number().int(), startColumn: z.number().int(), endLine: z.number().int(), endColumn: z.number().int() })
      .nullable()
      .openapi({ description: 'Where the range was when made (or re-attached), 1-based; endColumn is one past its last character (as Monaco ranges end); null for a whole-file thread' }),
    resolved: z.boolean(),
    resolvedBy: userRefSchema.nullable(),
    resolvedAt: isoTimeSchema.nullable(),
    createdAt: isoTimeSchema,
    updatedAt: isoTimeSchema,
    comments: z.array(threadCommentSchema).openapi({ description: 'Oldest first; the first is the opening comment' }),
  })
  .openapi('Thread');
export type Thread = z.infer<typeof threadSchema>;

export const threadEnvelopeSchema = z.object({ thread: threadSchema });
export type ThreadEnvelope = z.infer<typeof threadEnvelopeSchema>;

export const threadListSchema = z.object({
  threads: z.array(threadSchema).openapi({ description: 'Oldest first' }),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
});
export type ThreadList = z.infer<typeof threadListSchema>;

export const threadListQuerySchema = z.object({
  itemId: uuidSchema.optional(),
  reviewId: uuidSchema.optional(),
  resolved: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional().openapi({ description: '`nextCursor` of the page before' }),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type ThreadListQuery = z.infer<typeof threadListQuerySchema>;

export const threadsParamsSchema = workspaceParamsSchema;
export const threadParamsSchema = workspaceParamsSchema.extend({ threadId: uuidSchema.openapi({ description: 'The thread id' }) });
export const commentParamsSchema = threadParamsSchema.extend({ commentId: uuidSchema.openapi({ description: 'The comment id' }) });
export const draftParamsSchema = workspaceParamsSchema.extend({ key: draftKeySchema });

export const createThreadBodySchema = z
  .object({
    itemId: uuidSchema,
    reviewId: uuidSchema.nullable().optional().openapi({ description: 'A review request of this workspace that you may see' }),
    range: threadRangeSchema.optional(),
    body: bodySchema,
    suggestion: suggestionSchema.nullable().optional(),
    draftKey: draftKeySchema.optional().openapi({ description: 'Your draft to delete in the same transaction' }),
  })
  .openapi('CreateThread');
export type CreateThreadBody = z.input<typeof createThreadBodySchema>;

export const updateThreadBodySchema = z
  .union([
    z.object({ resolved: z.boolean() }).strict(),
    z.object({ range: threadRangeSchema }).strict(),
    z.object({ reattach: z.literal(true) }).strict().openapi({ description: 'Find the quote again (exact, nearest the old line, then fuzzy) and anchor there' }),
  ])
  .openapi('UpdateThread', { description: '`resolved` resolves or reopens; `range` or `reattach` re-attaches (an audited event)' });
export type UpdateThreadBody = z.infer<typeof updateThreadBodySchema>;

export const createCommentBodySchema = z
  .object({ body: bodySchema, suggestion: suggestionSchema.nullable().optional(), draftKey: draftKeySchema.optional() })
  .openapi('CreateComment');
export type CreateCommentBody = z.input<typeof createCommentBodySchema>;

export const editCommentBodySchema = z
  .object({ body: bodySchema, suggestion: suggestionSchema.nullable().optional().openapi({ description: 'Left out: unchanged; null: removed' }) })
  .openapi('EditComment');
export type EditCommentBody = z.input<typeof editCommentBodySchema>;

export const applySuggestionBodySchema = z
  .object({
    commentId: uuidSchema,
    force: z.boolean().default(false).openapi({ description: 'Apply over the current text even though it no longer reads as quoted' }),
  })
  .openapi('ApplySuggestion');
export type ApplySuggestionBody = z.input<typeof applySuggestionBodySchema>;

/** `error.details` of a 409 `suggestion_conflict`: the three texts to choose between. */
export const suggestionConflictSchema = z
  .object({
    quote: z.string().openapi({ description: 'What the range read when commented on' }),
    current: z.string().nullable().openapi({ description: 'What it reads now; null when orphaned or file-level (nothing to replace)' }),
    suggestion: z.string(),
  })
  .openapi('SuggestionConflict');
export type SuggestionConflict = z.infer<typeof suggestionConflictSchema>;

export const putDraftBodySchema = z
  .object({
    itemId: uuidSchema.nullable().optional(),
    threadId: uuidSchema.nullable().optional(),
    range: threadRangeSchema.nullable().optional(),
    body: z.string().max(MAX_DRAFT_CHARS),
    suggestion: z.string().max(MAX_DRAFT_CHARS).nullable().optional(),
  })
  .refine((d) => d.body.length + (d.suggestion?.length ?? 0) <= MAX_DRAFT_CHARS, { message: `body and suggestion together: at most ${MAX_DRAFT_CHARS} characters`, path: ['body'] })
  .openapi('PutDraft');
export type PutDraftBody = z.input<typeof putDraftBodySchema>;

export const draftSchema = z
  .object({
    key: z.string(),
    workspaceId: uuidSchema,
    itemId: uuidSchema.nullable(),
    threadId: uuidSchema.nullable(),
    range: threadRangeSchema.nullable(),
    body: z.string(),
    suggestion: z.string().nullable(),
    updatedAt: isoTimeSchema,
  })
  .openapi('Draft');
export type Draft = z.infer<typeof draftSchema>;

export const draftEnvelopeSchema = z.object({ draft: draftSchema });
export type DraftEnvelope = z.infer<typeof draftEnvelopeSchema>;
export const draftListSchema = z.object({ drafts: z.array(draftSchema).openapi({ description: 'Yours only, the latest first' }) });
export type DraftList = z.infer<typeof draftListSchema>;
