import { describe, expect, it } from 'vitest';
import { PushSchedule } from './push-schedule';

describe('PushSchedule', () => {
  it('is due after the quiet period following the last change', () => {
    const s = new PushSchedule({ quietMs: 100, maxDelayMs: 500 });
    expect(s.dueAt()).toBeNull();
    s.mark({ kind: 'write', path: 'a.py', content: '1' }, 1000);
    expect(s.dueAt()).toBe(1100);
    s.mark({ kind: 'write', path: 'a.py', content: '2' }, 1050);
    expect(s.dueAt()).toBe(1150);
  });

  it('is due at most maxDelay after the first change, however steady the typing', () => {
    const s = new PushSchedule({ quietMs: 100, maxDelayMs: 500 });
    for (let t = 0; t <= 1000; t += 50) s.mark({ kind: 'write', path: 'a.py', content: String(t) }, t);
    expect(s.dueAt()).toBe(500);
  });

  it('sends the newest content of a path once, read when the batch is taken', () => {
    const s = new PushSchedule();
    let text = 'v1';
    s.mark({ kind: 'write', path: 'a.py', content: () => text }, 0);
    s.mark({ kind: 'write', path: 'a.py', content: () => text }, 10);
    text = 'v2';
    const batch = s.take();
    expect(batch.ops).toHaveLength(1);
    const op = batch.ops[0]!;
    expect(op.kind === 'write' && typeof op.content === 'function' && op.content()).toBe('v2');
    expect(s.dueAt()).toBeNull();
  });

  it('turns a rename into a delete of the old path and a write of the new one', () => {
    const s = new PushSchedule();
    s.mark({ kind: 'write', path: 'old.py', content: 'x' }, 0);
    s.mark({ kind: 'rename', from: 'old.py', to: 'new.py', content: 'x' }, 1);
    expect(s.take()).toEqual({ deletes: ['old.py'], ops: [{ kind: 'write', path: 'new.py', content: 'x' }] });
  });

  it('re-reads the files of a renamed folder from the source', () => {
    const s = new PushSchedule();
    s.mark({ kind: 'rename', from: 'lib', to: 'src/lib' }, 0);
    expect(s.take()).toEqual({ deletes: ['lib'], ops: [{ kind: 'resync', path: 'src/lib' }] });
  });

  it('drops pending writes below a deleted folder, and keeps writes made after the delete', () => {
    const s = new PushSchedule();
    s.mark({ kind: 'write', path: 'd/a.py', content: 'a' }, 0);
    s.mark({ kind: 'delete', path: 'd/old' }, 0);
    s.mark({ kind: 'delete', path: 'd' }, 1);
    s.mark({ kind: 'write', path: 'd/b.py', content: 'b' }, 2);
    expect(s.take()).toEqual({ deletes: ['d'], ops: [{ kind: 'write', path: 'd/b.py', content: 'b' }] });
  });
});
