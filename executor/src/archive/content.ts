/**
 * Decides whether file bytes can be loaded into a text document (pure logic).
 * A NUL byte or invalid UTF-8 means binary: loading it as text would corrupt it
 * on the way back, so such files are listed but not loaded.
 */

export type ContentVerdict = { kind: 'text'; text: string } | { kind: 'binary' };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function classifyContent(bytes: Uint8Array): ContentVerdict {
  if (bytes.includes(0)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: decoder.decode(bytes) };
  } catch {
    return { kind: 'binary' };
  }
}
