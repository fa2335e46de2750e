import { describe, expect, it } from 'vitest';
import { remoteCursorStyles } from './remote-cursors';

describe('remoteCursorStyles', () => {
  it("tags each collaborator's caret with their name in their colour", () => {
    const css = remoteCursorStyles([{ clientId: 42, name: 'ada', color: '#61afef' }]);
    expect(css).toContain('.yRemoteSelectionHead-42::after{content:"ada";background:#61afef}');
    expect(css).toContain('.yRemoteSelection-42{background-color:#61afef40}');
  });

  it('cannot be made to break out of the rule by a name or colour', () => {
    const css = remoteCursorStyles([{ clientId: 1, name: 'x"}body{display:none', color: 'red;}' }]);
    expect(css).toContain('content:"x}body{display:none"');
    expect(css).toContain('#888888');
  });
});
