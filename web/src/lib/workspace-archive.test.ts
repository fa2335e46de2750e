import { describe, expect, it } from 'vitest';
import { archiveUrl, describeSkipped, workspaceNameFor } from './workspace-archive';

describe('workspace archives in the IDE', () => {
  it('names the new workspace after the file, without its archive extension', () => {
    expect(workspaceNameFor('My project.zip')).toBe('My project');
    expect(workspaceNameFor('site.TAR.GZ')).toBe('site');
    expect(workspaceNameFor('x.tgz')).toBe('x');
    expect(workspaceNameFor('.zip')).toBe('Imported workspace');
    expect(workspaceNameFor(`${'n'.repeat(150)}.zip`)).toHaveLength(100);
  });

  it('escapes the id and the format in the download address', () => {
    expect(archiveUrl('a/b', 'tar.gz')).toBe('/api/workspaces/a%2Fb/archive?format=tar.gz');
  });

  it('says what was left out, briefly', () => {
    expect(describeSkipped({ skipped: [], skippedCount: 0 })).toBeNull();
    const skipped = [
      { path: 'node_modules', reason: 'ignored' as const },
      { path: 'l', reason: 'symlink' as const },
      { path: 'a.png', reason: 'binary' as const },
      { path: 'b.png', reason: 'binary' as const },
      { path: 'c.png', reason: 'binary' as const },
      { path: 'd.png', reason: 'binary' as const },
    ];
    expect(describeSkipped({ skipped, skippedCount: 120 })).toBe('Left out 120: node_modules (ignored), l (link), a.png (binary), b.png (binary), c.png (binary) and 115 more');
  });
});
