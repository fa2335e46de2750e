/**
 * NUL characters in request text. PostgreSQL's `text` cannot hold U+0000 (it refuses
 * the whole statement), so a NUL anywhere in a body would surface as a 500 from
 * whichever query first stores it. Bodies are checked once, where they are parsed
 * (`request-context.ts`), and refused with 400 `invalid_text`. Pure.
 */

/**
 * Where the first string (value or key) holding a NUL is in a parsed JSON value, as
 * a dotted path (`items.0.name`; `''` for the body itself); null when there is none.
 * Iterative: a deeply nested body must not overflow the stack.
 */
export function findNul(value: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: join(path, String(i)) });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (const [key] of entries) if (key.includes('\u0000')) return join(path, printable(key));
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: join(path, entries[i]![0]) });
    }
  }
  return null;
}

/** JSON can only carry a NUL as the escape `\u0000` (a raw one is invalid JSON): most bodies skip the walk. */
export function mayHoldNul(jsonText: string): boolean {
  return jsonText.includes('\\u0000');
}

const join = (path: string, segment: string) => (path ? `${path}.${segment}` : segment);
const printable = (key: string) => key.replaceAll('\u0000', '\\u0000');
