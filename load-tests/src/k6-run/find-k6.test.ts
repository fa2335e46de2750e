import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findK6 } from './find-k6';

const root = mkdtempSync(join(tmpdir(), 'find-k6-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fakeK6 = (dir: string) => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'k6');
  writeFileSync(path, '#!/bin/sh\necho k6 v1.3.0\n');
  chmodSync(path, 0o755);
  return path;
};

describe('findK6', () => {
  const shared = fakeK6(join(root, 'shared', 'bin'));
  const onPath = fakeK6(join(root, 'path-bin'));
  const checkout = join(root, 'work', 'main', 'load-tests');
  mkdirSync(checkout, { recursive: true });

  it('takes $K6 first, and only if it is executable', () => {
    expect(findK6(checkout, { K6: onPath, PATH: '' })).toBe(onPath);
    expect(findK6(checkout, { K6: join(root, 'nope'), PATH: '' })).toBeNull();
  });

  it('then k6 on PATH, then shared/bin/k6 beside the checkout or a parent', () => {
    expect(findK6(checkout, { PATH: join(root, 'path-bin') })).toBe(onPath);
    expect(findK6(checkout, { PATH: '' })).toBe(shared);
  });

  it('is null where there is none', () => {
    expect(findK6(tmpdir(), { PATH: '' })).toBeNull();
  });
});
