/**
 * A terminal's screen as text that draws it (for a client too far behind to replay
 * the output it missed): the output kept is replayed into a headless xterm and
 * serialized, modes, colours, alternate screen and cursor included. The holder keeps
 * only output (holder.py), so the screen is worked out here, when someone needs it.
 */
import serialize from '@xterm/addon-serialize';
import xterm from '@xterm/headless';

// What a client's terminal must forget before the screen is drawn over it.
const RESET = '\x1b[?1049l\x1b[0m\x1b[H\x1b[2J';

export async function renderScreen(output: string, size: { cols: number; rows: number }): Promise<string> {
  const terminal = new xterm.Terminal({ cols: size.cols, rows: size.rows, scrollback: 0, allowProposedApi: true });
  const serializer = new serialize.SerializeAddon();
  terminal.loadAddon(serializer);
  try {
    await new Promise<void>((resolve) => terminal.write(output, resolve));
    return RESET + serializer.serialize({ scrollback: 0 });
  } finally {
    terminal.dispose();
  }
}
