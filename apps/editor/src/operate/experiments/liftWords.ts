import type { Comparison } from '@crossroads/api';

const MINUS = '\u2212';
const count = (n: number) => n.toLocaleString('en-US');

/** A difference of two rates in percentage points, signed: `+3.1`, `−0.4`, `0.0`. */
export function points(difference: number): string {
  const value = Math.round(difference * 1000) / 10;
  if (value === 0) return '0.0';
  return `${value > 0 ? '+' : MINUS}${Math.abs(value).toFixed(1)}`;
}

/** A rate as a percentage with one decimal, or a dash before anything was counted. */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * A comparison in plain words, never a bare p-value: the difference in points, its 95% interval,
 * then what it means ("not enough data yet, about N more contacts needed" until both groups have
 * the sample the observed difference needs).
 *
 * @example
 * liftWords(c, { contacts: 400, baselineContacts: 380 }, 'control')
 * // '+3.1 points (95% CI −0.4 to +6.6): not enough data yet, about 1,200 more contacts needed'
 */
export function liftWords(
  c: Comparison,
  sizes: { contacts: number; baselineContacts: number },
  baseline: string,
): string {
  if (c.difference === null || c.interval === null) return 'no conversions to compare yet';
  const [low, high] = c.interval;
  const head = `${points(c.difference)} points (95% CI ${points(low)} to ${points(high)})`;
  if (!c.enoughData) {
    const more =
      c.neededPerGroup === null
        ? null
        : Math.max(0, c.neededPerGroup - sizes.contacts) +
          Math.max(0, c.neededPerGroup - sizes.baselineContacts);
    return more
      ? `${head}: not enough data yet, about ${count(roundUp(more))} more contacts needed`
      : `${head}: not enough data yet`;
  }
  if (low > 0) return `${head}: converts better than ${baseline}`;
  if (high < 0) return `${head}: converts worse than ${baseline}`;
  return `${head}: no clear difference from ${baseline}`;
}

/** Two significant figures for counts people read as "about" (1,234 → 1,200; 87 → 87). */
function roundUp(n: number): number {
  if (n < 100) return n;
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / step) * step;
}
