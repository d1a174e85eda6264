const UNITS: Array<[RegExp, string]> = [
  [/(\d+(?:\.\d+)?)Y/, 'year'],
  [/(\d+(?:\.\d+)?)M(?=.*T|[^T]*$)/, 'month'],
  [/(\d+(?:\.\d+)?)W/, 'week'],
  [/(\d+(?:\.\d+)?)D/, 'day'],
];
const TIME_UNITS: Array<[RegExp, string]> = [
  [/(\d+(?:\.\d+)?)H/, 'hour'],
  [/(\d+(?:\.\d+)?)M/, 'minute'],
  [/(\d+(?:\.\d+)?)S/, 'second'],
];

/**
 * Reads an ISO-8601 duration for people: `P2DT3H` → "2 days 3 hours". Returns null when the text
 * is not a duration, so the form can say so.
 *
 * @example
 * describeDuration('PT30M') // "30 minutes"
 */
export function describeDuration(text: string): string | null {
  const match = /^P(?!$)([^T]*)(?:T(?!$)(.*))?$/.exec(text.trim());
  if (!match) return null;
  const [, datePart = '', timePart = ''] = match;
  if (!/^(\d+(\.\d+)?[YMWD])*$/.test(datePart) || !/^(\d+(\.\d+)?[HMS])*$/.test(timePart)) return null;
  const parts: string[] = [];
  for (const [re, unit] of UNITS) pushUnit(parts, re.exec(datePart)?.[1], unit);
  for (const [re, unit] of TIME_UNITS) pushUnit(parts, re.exec(timePart)?.[1], unit);
  return parts.length ? parts.join(' ') : null;
}

function pushUnit(parts: string[], amount: string | undefined, unit: string) {
  if (amount === undefined) return;
  parts.push(`${amount} ${unit}${amount === '1' ? '' : 's'}`);
}

export type DurationUnit = 'minutes' | 'hours' | 'days' | 'weeks';
export const DURATION_UNITS: readonly DurationUnit[] = ['minutes', 'hours', 'days', 'weeks'];
/** Minutes in one of each unit. */
export const UNIT_MINUTES: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 1440, weeks: 10080 };

/**
 * A whole number of minutes in the largest unit that divides it evenly.
 *
 * @example
 * inLargestUnit(2880) // { amount: 2, unit: 'days' }
 */
export function inLargestUnit(minutes: number): { amount: number; unit: DurationUnit } {
  if (minutes === 0) return { amount: 0, unit: 'days' };
  for (const unit of [...DURATION_UNITS].reverse()) {
    if (minutes % UNIT_MINUTES[unit] === 0) return { amount: minutes / UNIT_MINUTES[unit], unit };
  }
  return { amount: minutes, unit: 'minutes' };
}

/**
 * An ISO-8601 duration as a number and a unit, the largest unit that divides it evenly:
 * `P2D` → 2 days, `PT90M` → 90 minutes, `P1DT12H` → 36 hours. Null when it is not made of weeks,
 * days, hours and minutes (months, seconds, fractions): the form then shows the text as it is.
 *
 * @example
 * splitDuration('P14D') // { amount: 2, unit: 'weeks' }
 */
export function splitDuration(iso: string): { amount: number; unit: DurationUnit } | null {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso.trim());
  if (!m || iso.trim() === 'P' || iso.trim().endsWith('T')) return null;
  const [, w = '0', d = '0', h = '0', min = '0'] = m;
  return inLargestUnit(Number(w) * 10080 + Number(d) * 1440 + Number(h) * 60 + Number(min));
}

/**
 * The ISO-8601 text the graph stores for a number and a unit.
 *
 * @example
 * joinDuration(2, 'days') // 'P2D'
 * joinDuration(30, 'minutes') // 'PT30M'
 */
export function joinDuration(amount: number, unit: DurationUnit): string {
  switch (unit) {
    case 'minutes':
      return `PT${amount}M`;
    case 'hours':
      return `PT${amount}H`;
    case 'days':
      return `P${amount}D`;
    case 'weeks':
      return `P${amount}W`;
  }
}
