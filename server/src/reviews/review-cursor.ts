/**
 * The dashboard's page cursor: the last row's (priority, createdAt, id), as base64url
 * JSON. Opaque to clients; a cursor that does not decode is a 400, not a guess.
 */
import { REVIEW_PRIORITIES, type ReviewPriority } from '@tandem/protocol';

export interface CursorPosition {
  priority: ReviewPriority;
  createdAt: number;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.priority, position.createdAt, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [priority, createdAt, id] = value as unknown[];
    if (!REVIEW_PRIORITIES.includes(priority as ReviewPriority)) return null;
    if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt)) return null;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { priority: priority as ReviewPriority, createdAt, id };
  } catch {
    return null;
  }
}
