/**
 * A Y.Doc made by the server. Its guid is given: Yjs's default (lib0's uuidv4) asks
 * webcrypto for randomness 31 times, about 100 µs here, and the server makes a Y.Doc
 * for every read of a file that is not loaded and every snapshot it decodes. The guid
 * only names subdocuments, which the server never syncs, so the item id (or any name)
 * will do. The client id is still random, as Yjs needs.
 */
import * as Y from 'yjs';

export function newServerDoc(guid: string, options: { gc?: boolean } = {}): Y.Doc {
  return new Y.Doc({ guid, ...options });
}
