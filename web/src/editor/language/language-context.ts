/**
 * What a workspace page hands its editors for language intelligence: the language
 * client of its `/ws` socket, and how to show a place in another file (the page owns
 * the tabs). No Monaco: the workspace page holds this before any editor loads.
 */
import type { LanguageClient } from './language-client';

/** 1-based, as Monaco counts. */
export interface Place {
  lineNumber: number;
  column: number;
}

export interface LanguageContext {
  workspaceId: string;
  client: LanguageClient;
  /** Opens the workspace file in its tab (opening the tab if need be) at `place`. */
  openItem(itemId: string, place: Place): void;
  /** Shows a library file (from a definition into an installed package) read-only at `place`. */
  openLibrary(path: string, place: Place): void;
}
