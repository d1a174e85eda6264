import { describe, expect, it } from 'vitest';
import { compareGroups, differenceInterval, sampleSizePerGroup } from './lift.js';

describe('lift against worked examples from statistics references', () => {
  it('reproduces the 95% interval of a difference of proportions (OpenIntro Statistics 4th ed., §6.2.3, mammograms)', () => {
    // 500 of 44,925 died in the mammogram group, 505 of 44,910 in the control group; the book's
    // point estimate is −0.00012, SE 0.00070, and the 95% interval (−0.00149, 0.00125).
    const interval = differenceInterval(
      { contacts: 44_925, conversions: 500 },
      { contacts: 44_910, conversions: 505 },
    );
    expect(interval?.[0]).toBeCloseTo(-0.00149, 4);
    expect(interval?.[1]).toBeCloseTo(0.00125, 4);
  });

  it('reproduces the sample size of Zar, Biostatistical Analysis (4th ed.), Example 24.26', () => {
    // p1 = 0.45, p2 = 0.25, two-tailed α = 0.05, power 0.90, continuity-corrected: n = 127.23.
    const n = sampleSizePerGroup(0.45, 0.25, { power: 0.9, continuityCorrection: true });
    expect(n).toBeCloseTo(127.23, 1);
  });

  it("reproduces the sample size of JMP's Two Sample Proportions example (0.08 vs 0.06, power 0.8): 2554", () => {
    expect(Math.ceil(sampleSizePerGroup(0.08, 0.06) ?? 0)).toBe(2554);
  });
});

describe('compareGroups', () => {
  it('says treated beats control with an interval above zero once both groups are large enough', () => {
    const result = compareGroups({ contacts: 4000, conversions: 480 }, { contacts: 4000, conversions: 320 });
    expect(result.rate).toBeCloseTo(0.12, 10);
    expect(result.baselineRate).toBeCloseTo(0.08, 10);
    expect(result.relativeLift).toBeCloseTo(0.5, 10);
    expect(result.interval?.[0]).toBeGreaterThan(0);
    expect(result.pValue).toBeLessThan(0.001);
    expect(result.neededPerGroup).toBeLessThan(4000);
    expect(result.enoughData).toBe(true);
  });

  it('says there is not enough data yet below the sample the observed effect needs', () => {
    const result = compareGroups({ contacts: 40, conversions: 5 }, { contacts: 40, conversions: 3 });
    expect(result.enoughData).toBe(false);
    expect(result.neededPerGroup).toBeGreaterThan(40);
    expect(result.interval?.[0]).toBeLessThan(0);
  });

  it('has no rates, interval or lift for an empty group', () => {
    const result = compareGroups({ contacts: 0, conversions: 0 }, { contacts: 10, conversions: 1 });
    expect(result).toMatchObject({
      rate: null,
      difference: null,
      interval: null,
      relativeLift: null,
      enoughData: false,
    });
  });
});
