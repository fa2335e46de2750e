/**
 * The server's JSON shapes (docs/protocols.md) as the IDE reads them. The HTTP API's are
 * @tandem/protocol's; so are the `/ws` messages (`ServerMessage`, `ClientMessage`, ...).
 */
export type { Member, Role, User, Workspace } from '@tandem/protocol';

export interface Item {
  id: string;
  parentId: string | null;
  name: string;
  type: 'file' | 'folder';
  path: string;
}
