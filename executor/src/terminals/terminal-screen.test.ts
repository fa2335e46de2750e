import { describe, expect, it } from 'vitest';
import { renderScreen } from './terminal-screen';

describe('renderScreen', () => {
  it('draws what the output left on the screen, not the output', async () => {
    const screen = await renderScreen('first\r\n\x1b[2J\x1b[Hcleared \x1b[31mred\x1b[0m\r\nbottom', { cols: 40, rows: 5 });
    expect(screen).toContain('cleared \x1b[31mred');
    expect(screen).toContain('bottom');
    expect(screen).not.toContain('first');
  });

  it('keeps the alternate screen a full-screen program is on', async () => {
    const screen = await renderScreen('shell\r\n\x1b[?1049h\x1b[Hin vim', { cols: 40, rows: 5 });
    expect(screen).toContain('\x1b[?1049h');
    expect(screen).toContain('in vim');
  });
});
