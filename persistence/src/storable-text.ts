/**
 * Text as a PostgreSQL `text` column can hold it. Pure.
 *
 * A `text` value cannot contain NUL (0x00), and UTF-8 has no encoding for a lone
 * UTF-16 surrogate: node-postgres would silently send U+FFFD for one in a plain
 * parameter, but inside a JSON parameter (the batched content write) `\uD800` or
 * `\u0000` makes PostgreSQL refuse the whole statement. Both are legitimate in a
 * Yjs text (a NUL typed into a document is valid Yjs and valid JavaScript), so the
 * document keeps them (its Yjs state is bytea) and only the plain-text copy, the
 * `content` column, gets U+FFFD in their place. Readers that need the real text read
 * the document (`Documents.readText`).
 */

/** Anything that might need replacing: NUL or any surrogate (a valid pair is checked below). */
const SUSPECT = /[\0\uD800-\uDFFF]/;
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const REPLACEMENT_CHARACTER = '\uFFFD';

/** `text` with NUL and lone surrogates replaced by U+FFFD; the same string when there are none (the usual case: one native scan). */
export function storableText(text: string): string {
  return SUSPECT.test(text) ? text.replace(UNSTORABLE, REPLACEMENT_CHARACTER) : text;
}
