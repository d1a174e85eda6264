import type { OutcomeGroup } from '@crossroads/api';

/** A rate in words: `75%`, or `—` before there is anything to divide. */
export const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** Hours from enrolment to won, in the unit a person would say: `5 h`, `3.5 days`, `—`. */
export function timeToWon(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/** Won revenue by currency, e.g. `€12,900 · $400`. */
export function wonRevenue(group: OutcomeGroup, locale?: string): string {
  const parts = Object.entries(group.wonAmount).map(([currency, amount]) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount),
  );
  return parts.length === 0 ? '—' : parts.join(' · ');
}
