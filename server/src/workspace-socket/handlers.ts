/**
 * The socket's own client messages. Terminal and environment messages are added by
 * their owners through `WorkspaceSocket.handle(type, handler)`.
 */
import type { ServerContext } from '../context';
import { isUuid } from '../api/require-user';
import type { ClientMessage } from './messages';
import type { Rooms } from './rooms';
import type { WorkspaceSession } from './session';

export type MessageHandler = (session: WorkspaceSession, message: ClientMessage) => void | Promise<void>;

/** `{type:"presence.focus", itemId|null}`: which file this socket's user has open. */
export function focusHandler(ctx: ServerContext, rooms: Rooms): MessageHandler {
  return async (session, message) => {
    const itemId = message.itemId ?? null;
    if (itemId !== null && typeof itemId !== 'string') {
      session.error('invalid_message', 'itemId must be a file id or null', message.ref);
      return;
    }
    const request = ++session.focusRequest;
    if (itemId !== null) {
      const item = isUuid(itemId) ? await ctx.access.item(session.workspaceId, itemId) : null;
      if (!item || item.type !== 'file') {
        session.error('item_not_found', 'No such file in this workspace', message.ref);
        return;
      }
    }
    // A later focus request overtook this one while it was being checked.
    if (request !== session.focusRequest || session.closed) return;
    session.setFocus(itemId === null ? null : itemId.toLowerCase());
    rooms.presenceChanged(session.workspaceId);
  };
}
