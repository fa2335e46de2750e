/**
 * Keeps an editor's view on a collaborator's caret: whenever their awareness state
 * moves (y-monaco publishes `selection` as Y.RelativePosition JSON), the position is
 * resolved against this file's Y.Doc and revealed. Only the view moves; this person's
 * own cursor stays where it was.
 */
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { followedHead, type AwarenessEntry } from '../lib/follow';
import type { monaco } from './monaco';

export function followCursor(
  editor: monaco.editor.IStandaloneCodeEditor,
  doc: Y.Doc,
  provider: WebsocketProvider,
  username: string,
): () => void {
  const awareness = provider.awareness;
  const reveal = () => {
    const entries: AwarenessEntry[] = [];
    awareness.getStates().forEach((state, clientId) =>
      entries.push({ clientId, state, lastUpdated: awareness.meta.get(clientId)?.lastUpdated ?? 0 }));
    const head = followedHead(entries, username, doc.clientID);
    const model = editor.getModel();
    if (!head || !model) return;
    let absolute: Y.AbsolutePosition | null = null;
    try {
      absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(head), doc);
    } catch {
      return; // Not a position of this document (a malformed state from a peer): nothing to show.
    }
    if (!absolute) return;
    editor.revealPositionInCenterIfOutsideViewport(model.getPositionAt(absolute.index));
  };
  awareness.on('change', reveal);
  // Their caret can also move because text was typed before it.
  doc.on('afterTransaction', reveal);
  reveal();
  return () => {
    awareness.off('change', reveal);
    doc.off('afterTransaction', reveal);
  };
}
