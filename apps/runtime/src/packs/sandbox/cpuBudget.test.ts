import { describe, expect, it } from 'vitest';
import { CpuBudget } from './cpuBudget.js';

describe('CpuBudget', () => {
  it('refuses the node type that used most of an exhausted budget, not its siblings, until the minute passes', () => {
    let now = 1_000_000;
    const budget = new CpuBudget('acme', 1_000, () => now);
    budget.charge('acme/calm@1', 50);
    expect(budget.refusal('acme/spin@1')).toBeUndefined();
    for (let i = 0; i < 6; i++) budget.charge('acme/spin@1', 200);
    expect(budget.refusal('acme/spin@1')).toBe(
      'acme/spin used 1200 ms of CPU in the last minute; pack acme may use 1000 ms per minute, so its calls are refused for now',
    );
    expect(budget.refusal('acme/calm@2')).toBeUndefined();
    now += 61_000;
    expect(budget.refusal('acme/spin@1')).toBeUndefined();
  });
});
