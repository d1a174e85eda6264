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
