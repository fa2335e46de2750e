import { describe, expect, it } from 'vitest';
import { treeItemSchema } from '../tree-events';
import { createItemBodySchema, itemSchema, updateItemBodySchema } from './items';

const id = '0b6f1c8e-3d0a-4a51-9a4e-0c1d2e3f4a5b';

describe('createItemBodySchema', () => {
  it('puts an item at the top level when parentId is absent or null', () => {
    expect(createItemBodySchema.parse({ name: 'a.py', type: 'file' })).toEqual({ parentId: null, name: 'a.py', type: 'file' });
    expect(createItemBodySchema.parse({ parentId: null, name: 'src', type: 'folder' }).parentId).toBeNull();
  });

  it('refuses a parentId that is not a UUID, and types other than file and folder', () => {
    const result = createItemBodySchema.safeParse({ parentId: 'x', name: 'a', type: 'file' });
    expect(result.success ? null : result.error.issues[0]?.message).toBe('must be an item id (UUID)');
    expect(createItemBodySchema.safeParse({ name: 'a', type: 'link' }).success).toBe(false);
  });

  it('leaves the name to the server, which answers invalid_name', () => {
    expect(createItemBodySchema.safeParse({ name: '', type: 'file' }).success).toBe(true);
  });
});

describe('updateItemBodySchema', () => {
  it('needs a new name, a new parentId, or both', () => {
    expect(updateItemBodySchema.safeParse({ name: 'b.py' }).success).toBe(true);
    expect(updateItemBodySchema.safeParse({ parentId: null }).success).toBe(true);
    expect(updateItemBodySchema.safeParse({ name: 'b.py', parentId: id }).success).toBe(true);
    const result = updateItemBodySchema.safeParse({});
    expect(result.success ? null : result.error.issues[0]?.message).toBe('Give a new name, a new parentId, or both');
  });
});

describe('itemSchema', () => {
  it('is a tree item with its size and time, so a listed item goes wherever a tree item does', () => {
    const item = { id, parentId: null, name: 'a.py', type: 'file', path: 'a.py', size: 3, updatedAt: new Date(0).toISOString() };
    expect(itemSchema.parse(item)).toEqual(item);
    expect(treeItemSchema.safeParse(item).success).toBe(true);
    expect(itemSchema.safeParse({ ...item, size: -1 }).success).toBe(false);
  });
});
