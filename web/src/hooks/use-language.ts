'use client';
/**
 * The workspace page's language intelligence (editor/language/): one language client on
 * its `/ws` socket, told when the socket opens or drops (the server forgets a dropped
 * socket's open files), and where a definition in another file leads: that file's tab,
 * at the place, or a library file shown read-only.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LanguageClient } from '../editor/language/language-client';
import type { LanguageContext, Place } from '../editor/language/language-context';
import type { Item } from '../lib/types';
import type { SocketState } from '../lib/workspace-socket';
import type { MessageListener } from './use-workspace';
import type { ClientMessage } from '@tandem/protocol';

export interface Reveal extends Place {
  itemId: string;
  seq: number;
}

export interface LibraryView {
  path: string;
  place: Place;
}

export function useLanguage(
  workspaceId: string,
  send: (m: ClientMessage) => boolean,
  subscribe: (listener: MessageListener) => () => void,
  socket: SocketState,
  byId: ReadonlyMap<string, Item>,
  open: (item: Item) => void,
) {
  const client = useMemo(() => new LanguageClient({ send, subscribe }), [send, subscribe]);
  // Listening in an effect (not at creation): React may run it, undo it and run it again.
  useEffect(() => client.listen(), [client]);
  useEffect(() => client.connectionChanged(socket === 'open'), [client, socket]);

  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [library, setLibrary] = useState<LibraryView | null>(null);
  const items = useRef(byId);
  items.current = byId;
  const opener = useRef(open);
  opener.current = open;

  const ctx = useMemo<LanguageContext>(() => ({
    workspaceId,
    client,
    openItem(itemId, place) {
      const item = items.current.get(itemId);
      if (item?.type !== 'file') return;
      setLibrary(null);
      opener.current(item);
      setReveal((r) => ({ itemId, ...place, seq: (r?.seq ?? 0) + 1 }));
    },
    openLibrary(path, place) {
      setLibrary({ path, place });
    },
  }), [workspaceId, client]);

  const closeLibrary = useCallback(() => setLibrary(null), []);
  return { ctx, reveal, library, closeLibrary };
}
