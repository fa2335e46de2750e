/**
 * Terminals on the `/ws` socket, both directions (docs/protocols.md). Terminals are
 * shared: every socket of the workspace may attach; editors open, type, resize, close.
 *
 * Client → server fields are validated as the server has always validated them, each
 * failure answered `{type:"error", code:"invalid_message"}` with the reason below:
 * `termId` a string of 1..128 characters, `cols`/`rows` integers 1..1000, `since` a
 * non-negative safe integer (left out or null: 0, the oldest kept output), `data` at
 * most 64 KiB of UTF-8.
 */
import { z } from 'zod';
import { utf8ByteLength } from './utf8-length';

export const MAX_INPUT_BYTES = 64 * 1024;
export const MAX_TERMINAL_SIZE = 1000;
export const MAX_TERM_ID_LENGTH = 128;

const TERM_ID = 'termId must be a terminal id';
const SINCE = 'since must be a non-negative integer';
const DATA = `data is at most ${MAX_INPUT_BYTES} bytes per message`;

const termId = z.string({ message: TERM_ID }).min(1, TERM_ID).max(MAX_TERM_ID_LENGTH, TERM_ID);

const dimension = (name: 'cols' | 'rows') => {
  const message = `${name} must be an integer from 1 to ${MAX_TERMINAL_SIZE}`;
  return z.number({ message }).int(message).min(1, message).max(MAX_TERMINAL_SIZE, message);
};

const since = z
  .number({ message: SINCE })
  .int(SINCE)
  .min(0, SINCE)
  .max(Number.MAX_SAFE_INTEGER, SINCE)
  .nullish()
  .transform((offset) => offset ?? 0);

// Length first: a huge string is refused without counting its bytes.
const input = z
  .string({ message: 'data must be a string' })
  .refine((data) => data.length <= MAX_INPUT_BYTES && utf8ByteLength(data, MAX_INPUT_BYTES) <= MAX_INPUT_BYTES, DATA);

// Client → server.

/** Opens a terminal (editors); answered `term.opened`, the opener attached. */
export const termOpenSchema = z.object({ type: z.literal('term.open'), cols: dimension('cols'), rows: dimension('rows') });
/** Replays the scrollback from offset `since` (preceded by `term.skipped` when that is older than the scrollback), then live output. */
export const termAttachSchema = z.object({ type: z.literal('term.attach'), termId, since });
export const termDetachSchema = z.object({ type: z.literal('term.detach'), termId });
export const termInputSchema = z.object({ type: z.literal('term.input'), termId, data: input });
export const termResizeSchema = z.object({ type: z.literal('term.resize'), termId, cols: dimension('cols'), rows: dimension('rows') });
export const termCloseSchema = z.object({ type: z.literal('term.close'), termId });
/** Asks for `term.list`. */
export const termListRequestSchema = z.object({ type: z.literal('term.list') });

// Server → client.

export const termOpenedSchema = z.object({ type: z.literal('term.opened'), termId: z.string(), cols: z.number().int(), rows: z.number().int() });
/** `seq`: the offset, in UTF-16 code units of the terminal's output stream, of `data`'s first character. */
export const termOutputSchema = z.object({ type: z.literal('term.output'), termId: z.string(), seq: z.number().int().nonnegative(), data: z.string() });
/** A slow client was skipped ahead: output from `from` to `to` is not coming. */
export const termSkippedSchema = z.object({
  type: z.literal('term.skipped'),
  termId: z.string(),
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
});
/**
 * The process ended. `code` is always a number: its exit status; 128 + the signal number
 * when a signal ended it (local backend, as shells report it); -1 when the Kubernetes exec
 * stream was lost before the status arrived.
 */
export const termExitSchema = z.object({ type: z.literal('term.exit'), termId: z.string(), code: z.number().int() });
export const termClosedSchema = z.object({ type: z.literal('term.closed'), termId: z.string() });

export const terminalSummarySchema = z.object({
  termId: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  exited: z.boolean(),
  /** Null while the process runs; the `term.exit` code once it ended. */
  exitCode: z.number().int().nullable(),
});
export type TerminalSummary = z.infer<typeof terminalSummarySchema>;

/** The answer to `term.list`, and sent to every socket of the workspace when a terminal opens or closes. */
export const termListSchema = z.object({ type: z.literal('term.list'), terminals: z.array(terminalSummarySchema) });
export type TermListMessage = z.infer<typeof termListSchema>;

/** What one terminal sends each attached client (the executor's terminal layer builds these). */
export type TerminalServerMessage = z.infer<
  typeof termOpenedSchema | typeof termOutputSchema | typeof termSkippedSchema | typeof termExitSchema | typeof termClosedSchema
>;
