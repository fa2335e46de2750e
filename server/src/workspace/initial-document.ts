/**
 * The encoded Yjs state of a new file holding `text`, stored with the item when it is
 * created so the file and its content appear atomically (one transaction) without a
 * round trip through the live document hub. Pure: yjs does no I/O.
 * The text lives in the Y.Text named `content` (docs/protocols.md).
 */
import * as Y from 'yjs';
import { newServerDoc } from '../sync/server-doc';

export const TEXT_NAME = 'content';

export function initialDocumentState(text: string): Uint8Array | undefined {
  if (text.length === 0) return undefined;
  const doc = newServerDoc('initial');
  doc.getText(TEXT_NAME).insert(0, text);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
