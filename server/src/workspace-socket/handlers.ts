/**
 * The socket's own client messages. Terminal and environment messages are added by
 * their owners through `WorkspaceSocket.handle(type, handler)`. A handler gets its
 * message parsed and valid (`@tandem/protocol`), and the `ref` to echo in an error.
 */
import type { ClientMessageOf, ClientMessageType, Ref } from '@tandem/protocol';
import { wsRefusal } from '../auth/policy';
import type { ServerContext } from '../context';
import { isUuid } from '../api/require-user';
import type { Rooms } from './rooms';
import type { WorkspaceSession } from './session';

export type MessageHandler<T extends ClientMessageType = ClientMessageType> = (
  session: WorkspaceSession,
  message: ClientMessageOf<T>,
  ref: Ref | undefined,
) => void | Promise<void>;

/** `{type:"presence.focus", itemId|null}`: which file this socket's user has open. */
export function focusHandler(ctx: ServerContext, rooms: Rooms): MessageHandler<'presence.focus'> {
  return async (session, { itemId }, ref) => {
    const refused = wsRefusal(session.role, 'awareness.publish');
    if (refused) return session.error(refused.code, refused.message, ref);
    const request = ++session.focusRequest;
    if (itemId !== null) {
      const item = isUuid(itemId) ? await ctx.access.item(session.workspaceId, itemId) : null;
      if (!item || item.type !== 'file') {
        session.error('item_not_found', 'No such file in this workspace', ref);
        return;
      }
    }
    // A later focus request overtook this one while it was being checked.
    if (request !== session.focusRequest || session.closed) return;
    session.setFocus(itemId === null ? null : itemId.toLowerCase());
    rooms.presenceChanged(session.workspaceId);
  };
}
