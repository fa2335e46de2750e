import { describe, expect, it } from 'vitest';
import { UnsavedBudget } from './unsaved-budget';

describe('UnsavedBudget', () => {
  it('CLOSE-11: allows updates until what is held would pass the limit, and again once commits release it', () => {
    const budget = new UnsavedBudget(100);
    expect(budget.allows(60)).toBe(true);
    budget.take(60);
    expect(budget.allows(40)).toBe(true);
    expect(budget.allows(41)).toBe(false);
    budget.take(40);
    expect(budget.exhausted).toBe(true);
    expect(budget.allows(1)).toBe(false);
    budget.release(60);
    expect(budget.allows(50)).toBe(true);
    expect(budget.exhausted).toBe(false);
    expect({ bytes: budget.bytes, updates: budget.updates }).toEqual({ bytes: 40, updates: 1 });
  });

  it('lets one update larger than the whole budget through when nothing else is held', () => {
    const budget = new UnsavedBudget(100);
    expect(budget.allows(1_000)).toBe(true);
    budget.take(1_000);
    expect(budget.allows(1)).toBe(false);
    budget.release(1_000);
    expect(budget.updates).toBe(0);
  });
});
