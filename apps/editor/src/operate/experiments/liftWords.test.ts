import type { Comparison } from '@crossroads/api';
import { describe, expect, it } from 'vitest';
import { liftWords, percent, points } from './liftWords.js';

const comparison = (over: Partial<Comparison>): Comparison => ({
  rate: 0.131,
  baselineRate: 0.1,
  difference: 0.031,
  relativeLift: 0.31,
  interval: [-0.004, 0.066],
  pValue: 0.08,
  neededPerGroup: 1000,
  enoughData: false,
  ...over,
});

describe('liftWords', () => {
  it('says how many more contacts are needed while there is not enough data', () => {
    expect(liftWords(comparison({}), { contacts: 400, baselineContacts: 400 }, 'the control group')).toBe(
      '+3.1 points (95% CI \u22120.4 to +6.6): not enough data yet, about 1,200 more contacts needed',
    );
  });

  it('names the direction once the interval excludes zero, and no clear difference otherwise', () => {
    const sizes = { contacts: 5000, baselineContacts: 5000 };
    expect(liftWords(comparison({ interval: [0.01, 0.05], enoughData: true }), sizes, 'control')).toBe(
      '+3.1 points (95% CI +1.0 to +5.0): converts better than control',
    );
    expect(
      liftWords(comparison({ difference: -0.03, interval: [-0.05, -0.01], enoughData: true }), sizes, 'A'),
    ).toContain('converts worse than A');
    expect(liftWords(comparison({ enoughData: true }), sizes, 'control')).toContain('no clear difference');
  });

  it('never shows a p-value, and has words for an empty comparison', () => {
    expect(liftWords(comparison({}), { contacts: 1, baselineContacts: 1 }, 'x')).not.toMatch(/p\s*=|0\.08/);
    expect(
      liftWords(comparison({ difference: null, interval: null }), { contacts: 0, baselineContacts: 0 }, 'x'),
    ).toBe('no conversions to compare yet');
  });

  it('formats points and rates', () => {
    expect(points(0)).toBe('0.0');
    expect(points(-0.0123)).toBe('\u22121.2');
    expect(percent(0.125)).toBe('12.5%');
    expect(percent(null)).toBe('–');
  });
});
