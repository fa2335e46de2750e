/**
 * The parameters of one batched INSERT into the update log, and the seqs it returns
 * (see APPEND_BATCH in document-store-sql.ts). Pure: no database here.
 *
 * Array literals are built by hand and the updates travel as one binary buffer:
 * node-postgres' generic serializer hex-encodes every bytea array element, which cost
 * more CPU than the rest of the path together.
 */

export interface AppendEntry {
  itemId: string;
  update: Uint8Array;
}

/** [$1 item ids (uuid[] literal), $2 all updates concatenated, $3 1-based starts (int[]), $4 lengths (int[])] */
export type AppendBatchParams = [itemIds: string, blob: Buffer, starts: string, lengths: string];

export function encodeAppendBatch(batch: ArrayLike<AppendEntry>): AppendBatchParams {
  let bytes = 0;
  for (let i = 0; i < batch.length; i++) bytes += batch[i]!.update.byteLength;
  const blob = Buffer.allocUnsafe(bytes);
  let itemIds = '{';
  let starts = '{';
  let lengths = '{';
  let offset = 0;
  for (let i = 0; i < batch.length; i++) {
    const { itemId, update } = batch[i]!;
    const separator = i === 0 ? '' : ',';
    itemIds += separator + quoteArrayElement(itemId);
    starts += separator + (offset + 1);
    lengths += separator + update.byteLength;
    blob.set(update, offset);
    offset += update.byteLength;
  }
  return [itemIds + '}', blob, starts + '}', lengths + '}'];
}

/** The statement's one row: first seq, count, and the full list only when not contiguous. */
export type AppendBatchResult = [firstSeq: string, count: number, seqList: string | null];

/** The seq of each input update, in input order. */
export function decodeAppendSeqs([first, count, list]: AppendBatchResult, expected: number): bigint[] {
  if (count !== expected) throw new Error(`the update log stored ${count} of ${expected} updates`);
  const seqs = new Array<bigint>(count);
  if (list === null) {
    const base = BigInt(first);
    for (let i = 0; i < count; i++) seqs[i] = base + BigInt(i);
  } else {
    const parts = list.split(',');
    for (let i = 0; i < count; i++) seqs[i] = BigInt(parts[i]!);
  }
  return seqs;
}

const NEEDS_ESCAPE = /["\\]/;

/** A string as one element of an array literal, whatever it holds (a malformed id then fails its batch as a bad UUID). */
function quoteArrayElement(value: string): string {
  return NEEDS_ESCAPE.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`;
}
