/**
 * CSS for collaborators' cursors. y-monaco marks each remote client's selection with
 * `yRemoteSelection-<clientId>` and its caret with `yRemoteSelectionHead-<clientId>`;
 * this gives each its colour and a name tag. Pure.
 */
export interface RemoteUser {
  clientId: number;
  name: string;
  color: string;
}

/** Names go into a CSS string: keep only what cannot end the string or the rule. */
const cssString = (text: string) => JSON.stringify(text.replace(/[\\"\n\r<>]/g, ''));
const cssColor = (color: string) => (/^#[0-9a-fA-F]{3,8}$/.test(color) ? color : '#888888');

export function remoteCursorStyles(users: readonly RemoteUser[]): string {
  return users
    .map(({ clientId, name, color }) => {
      const c = cssColor(color);
      const id = Math.trunc(clientId);
      return `.yRemoteSelection-${id}{background-color:${c}40}` +
        `.yRemoteSelectionHead-${id}{border-color:${c}}` +
        `.yRemoteSelectionHead-${id}::after{content:${cssString(name)};background:${c}}`;
    })
    .join('\n');
}
