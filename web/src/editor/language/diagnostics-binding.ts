/**
 * Keeps a Python model's markers on the latest diagnostics (diagnostics-markers.ts):
 * drawn when they arrive and resolved again after every change of the text, at most once
 * per animation frame, so a squiggle moves with its token while anyone types.
 */
import type * as Y from 'yjs';
import { monaco } from '../monaco';
import { diagnosticMarkers, MARKER_OWNER } from './diagnostics-markers';
import type { LanguageClient } from './language-client';
import type { Diagnostic } from '@tandem/protocol';

export function bindDiagnostics(client: LanguageClient, itemId: string, model: monaco.editor.ITextModel, doc: Y.Doc, text: Y.Text): () => void {
  let latest: readonly Diagnostic[] = [];
  let frame: number | null = null;
  const draw = () => {
    frame = null;
    if (model.isDisposed()) return;
    monaco.editor.setModelMarkers(model, MARKER_OWNER, diagnosticMarkers(latest, doc, (i) => model.getPositionAt(i)));
  };
  const soon = () => {
    if (frame === null) frame = requestAnimationFrame(draw);
  };
  const off = client.onDiagnostics(itemId, (m) => {
    latest = m.diagnostics;
    soon();
  });
  // After y-monaco's observer (bound first) has put the change into the model.
  const onChange = () => {
    if (latest.length > 0) soon();
  };
  text.observe(onChange);
  return () => {
    off();
    text.unobserve(onChange);
    if (frame !== null) cancelAnimationFrame(frame);
    if (!model.isDisposed()) monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
  };
}
