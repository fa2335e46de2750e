/**
 * WebSocket close codes Tandem uses, as named data in one place (docs/protocols.md).
 * 4000-4999 is the range RFC 6455 leaves to applications; we mirror HTTP statuses.
 */
export const CloseCode = {
  NORMAL: 1000,
  BAD_MESSAGE: 4400,
  UNAUTHENTICATED: 4401,
  FORBIDDEN: 4403,
  NOT_FOUND: 4404,
  MESSAGE_TOO_LARGE: 4413,
  BACKPRESSURE: 4429,
  INTERNAL: 4500,
  SHUTTING_DOWN: 4503,
} as const;

export type CloseCodeName = keyof typeof CloseCode;

const names = new Map<number, CloseCodeName>(
  Object.entries(CloseCode).map(([name, code]) => [code, name as CloseCodeName]),
);

export function closeCodeName(code: number): string {
  return names.get(code) ?? String(code);
}
