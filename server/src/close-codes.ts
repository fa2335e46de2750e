/** The close codes live in @tandem/protocol; this module re-exports them for the server's imports. */
export { CloseCode, closeCodeName, type CloseCodeName } from '@tandem/protocol';
