// Types for the plain-JS codec, so the Node generator and tests can import it.
export const MESSAGE_SYNC: 0;
export const MESSAGE_AWARENESS: 1;
export const MESSAGE_AUTH: 2;
export const MESSAGE_QUERY_AWARENESS: 3;
export const MESSAGE_ACK: 100;
export const SYNC_STEP1: 0;
export const SYNC_STEP2: 1;
export const SYNC_UPDATE: 2;

export type StateVector = Record<number, number>;
export interface InsertedString {
  client: number;
  clock: number;
  text: string;
}
export interface DecodedMessage {
  type: number;
  /** sync messages: SYNC_STEP1, SYNC_STEP2 or SYNC_UPDATE */
  step?: number;
  payload?: Uint8Array;
  /** ack messages */
  count?: number;
  /** auth messages */
  denied?: boolean;
  reason?: string;
}

export function utf8Encode(s: string): number[];
export function utf8Decode(bytes: ArrayLike<number>, start: number, end: number): string;
export function encodeStateVector(stateVector?: StateVector): Uint8Array;
export function encodeSyncStep1(stateVector?: StateVector): Uint8Array;
/** assoc 0: just before the character (client, clock); -1: just after it. */
export function encodeRelativePosition(client: number, clock: number, assoc?: 0 | -1): Uint8Array;
export function encodeSyncStep2(update?: ArrayLike<number>): Uint8Array;
export function encodeTextInsertUpdate(client: number, clock: number, text: string): Uint8Array;
export function encodeUpdateMessage(update: ArrayLike<number>): Uint8Array;
export class TextWriter {
  constructor(client: number, clock?: number);
  client: number;
  clock: number;
  insert(text: string): Uint8Array;
  catchUp(serverStateVector: StateVector): void;
}
export function decodeMessage(bytes: Uint8Array): DecodedMessage;
export function decodeStateVector(bytes: Uint8Array): StateVector;
export function decodeUpdateStrings(bytes: Uint8Array): { strings: InsertedString[]; ends: StateVector };
export function makeMarker(tag: string, timeMs: number): string;
export function parseMarkers(text: string): Array<{ tag: string; time: number }>;
