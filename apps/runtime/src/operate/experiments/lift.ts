import jstat from 'jstat';

// Quantiles, intervals and tail probabilities come from jstat (a well-kept statistics library)
// rather than hand-written approximations: simple-statistics' probit is off in the third decimal.
const { jStat } = jstat;

/** Conversions out of a group's contacts. */
export interface Group {
  contacts: number;
  conversions: number;
}

export interface Comparison {
  /** Conversion rate of the group compared (treated, or an arm). */
  rate: number | null;
  /** Conversion rate of the baseline (control, or the first arm). */
  baselineRate: number | null;
  /** rate − baselineRate (a difference of proportions). */
  difference: number | null;
  /** difference / baselineRate: "+12% over control". Null when the baseline converts nobody. */
  relativeLift: number | null;
  /** 95% confidence interval of the difference (normal approximation). */
  interval: [number, number] | null;
  /** Two-sided p-value of the difference (pooled z-test). */
  pValue: number | null;
  /** Contacts each group needs to detect the observed difference (α 0.05 two-sided, 80% power). */
  neededPerGroup: number | null;
  /** Both groups hold at least `neededPerGroup` contacts. */
  enoughData: boolean;
}

const rateOf = (group: Group) => (group.contacts > 0 ? group.conversions / group.contacts : null);

/**
 * The 95% confidence interval of the difference of two proportions, p1 − p2 ± z·SE with
 * SE = √(p1(1−p1)/n1 + p2(1−p2)/n2) (OpenIntro Statistics, 4th ed., §6.2.3).
 */
export function differenceInterval(a: Group, b: Group, confidence = 0.95): [number, number] | null {
  const p1 = rateOf(a);
  const p2 = rateOf(b);
  if (p1 === null || p2 === null) return null;
  const se = Math.sqrt((p1 * (1 - p1)) / a.contacts + (p2 * (1 - p2)) / b.contacts);
  // jstat's (value, alpha, sd, n) form: value ± z·sd/√n, so n = 1 with the standard error as sd.
  return jStat.normalci(p1 - p2, 1 - confidence, se, 1);
}

/**
 * Contacts per group to detect p1 against p2 with a two-sided test (Fleiss, Statistical Methods
 * for Rates and Proportions): n = (z_{α/2}·√(2p̄q̄) + z_β·√(p1q1 + p2q2))² / (p1 − p2)²,
 * optionally with the continuity correction n′ = n/4·(1 + √(1 + 4/(n·|p1 − p2|)))².
 */
export function sampleSizePerGroup(
  p1: number,
  p2: number,
  options: { alpha?: number; power?: number; continuityCorrection?: boolean } = {},
): number | null {
  const { alpha = 0.05, power = 0.8, continuityCorrection = false } = options;
  const delta = Math.abs(p1 - p2);
  if (!(delta > 0)) return null;
  const mean = (p1 + p2) / 2;
  const zAlpha = jStat.normal.inv(1 - alpha / 2, 0, 1);
  const zBeta = jStat.normal.inv(power, 0, 1);
  const root = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const n = root ** 2 / delta ** 2;
  return continuityCorrection ? (n / 4) * (1 + Math.sqrt(1 + 4 / (n * delta))) ** 2 : n;
}

/** Two-sided p-value of a pooled two-proportion z-test. */
function pValueOf(a: Group, b: Group): number | null {
  const p1 = rateOf(a);
  const p2 = rateOf(b);
  if (p1 === null || p2 === null) return null;
  const pooled = (a.conversions + b.conversions) / (a.contacts + b.contacts);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.contacts + 1 / b.contacts));
  if (!(se > 0)) return null;
  return 2 * (1 - jStat.normal.cdf(Math.abs(p1 - p2) / se, 0, 1));
}

/**
 * A group against its baseline: rates, the difference with its 95% interval, the relative lift,
 * and how many contacts per group the observed difference needs before it can be told apart.
 *
 * @example
 * ```ts
 * compareGroups({ contacts: 900, conversions: 90 }, { contacts: 100, conversions: 5 });
 * // { rate: 0.1, baselineRate: 0.05, difference: 0.05, relativeLift: 1, interval: [0.0056, 0.094], … }
 * ```
 */
export function compareGroups(group: Group, baseline: Group): Comparison {
  const rate = rateOf(group);
  const baselineRate = rateOf(baseline);
  const difference = rate !== null && baselineRate !== null ? rate - baselineRate : null;
  const needed = rate !== null && baselineRate !== null ? sampleSizePerGroup(baselineRate, rate) : null;
  const neededPerGroup = needed === null ? null : Math.ceil(needed);
  return {
    rate,
    baselineRate,
    difference,
    relativeLift: difference !== null && baselineRate ? difference / baselineRate : null,
    interval: differenceInterval(group, baseline),
    pValue: pValueOf(group, baseline),
    neededPerGroup,
    enoughData:
      neededPerGroup !== null && group.contacts >= neededPerGroup && baseline.contacts >= neededPerGroup,
  };
}
