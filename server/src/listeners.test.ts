import { describe, expect, it } from 'vitest';
import { Listeners } from './listeners';

describe('Listeners', () => {
  it('visits the callbacks added, and not one removed', () => {
    const heard: string[] = [];
    const listeners = new Listeners<(who: string) => void>();
    const offA = listeners.add((who) => heard.push(`a:${who}`));
    listeners.add((who) => heard.push(`b:${who}`));
    listeners.each((listener) => listener('x'));
    offA();
    offA(); // twice is harmless
    listeners.each((listener) => listener('y'));
    expect(heard).toEqual(['a:x', 'b:x', 'b:y']);
  });
});
