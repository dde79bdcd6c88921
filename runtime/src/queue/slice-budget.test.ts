import { describe, expect, it } from 'vitest';
import { SliceBudget } from './slice-budget.ts';

describe('SliceBudget', () => {
  it('starts small, then sizes batches to the target time from what batches cost', () => {
    const budget = new SliceBudget({ targetMs: 8, min: 10, max: 500 });
    expect(budget.size()).toBe(10);
    budget.record(10, 1); // 0.1 ms an item
    expect(budget.size()).toBe(80);
  });

  it('stays within its bounds and learns when items get dearer', () => {
    const budget = new SliceBudget({ targetMs: 8, min: 10, max: 500 });
    budget.record(100, 0.1);
    expect(budget.size()).toBe(500);
    for (let i = 0; i < 20; i++) budget.record(10, 100);
    expect(budget.size()).toBe(10);
  });

  it('takes the most items every time for work that does not hold the event loop', () => {
    const budget = new SliceBudget({ targetMs: 8, min: 10, max: 500, blocking: false });
    expect(budget.size()).toBe(500);
    budget.record(500, 400);
    expect(budget.size()).toBe(500);
  });
});
