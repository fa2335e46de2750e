/**
 * What the Run button types for a file: the workspace's command for the file's
 * extension, with `{file}` replaced by the path quoted for bash. Pure.
 *
 * Quoting: the whole path in single quotes (bash takes everything literally inside
 * them, `$(...)`, backticks, `;` and spaces included), each `'` written as `'\''`, and
 * `./` in front so a name that starts with `-` is a file, not an option. File names
 * cannot hold control characters (the server's naming rule), so one line is enough.
 */

export function shellQuotePath(path: string): string {
  return `'${`./${path}`.replace(/'/g, `'\\''`)}'`;
}

/** The lower-case extension of the file's name, without the dot; '' when it has none (or is a dot-file). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The command line to run `path`, or null when the workspace has none for its extension. */
export function runCommandFor(path: string, commands: Readonly<Record<string, string>>): string | null {
  const ext = extensionOf(path);
  const template = ext && Object.hasOwn(commands, ext) ? commands[ext] : undefined;
  if (!template) return null;
  const quoted = shellQuotePath(path);
  return template.includes('{file}') ? template.split('{file}').join(quoted) : template;
}

/**
 * The keystrokes that run `command` at a shell prompt: Ctrl+U first clears whatever
 * was typed on the line already (readline's unix-line-discard), then Enter.
 */
export const runKeystrokes = (command: string) => `\x15${command}\r`;

/** Run commands as the settings dialog edits them: one `ext: command` per line. */
export function formatRunCommands(commands: Readonly<Record<string, string>>): string {
  return Object.entries(commands).map(([ext, command]) => `${ext}: ${command}`).join('\n');
}

export function parseRunCommands(text: string): { commands: Record<string, string> } | { error: string } {
  const commands: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const ext = colon < 0 ? '' : line.slice(0, colon).trim().replace(/^\./, '').toLowerCase();
    const command = colon < 0 ? '' : line.slice(colon + 1).trim();
    if (!/^[a-z0-9]{1,16}$/.test(ext) || !command) return { error: `Line ${i + 1}: write it as “py: python3 {file}”` };
    commands[ext] = command;
  }
  return { commands };
}
