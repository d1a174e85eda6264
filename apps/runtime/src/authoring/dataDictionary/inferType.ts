import type { FieldType } from '@crossroads/api';

/** How many sampled values of a field had each JSON shape. */
export interface TypeCounts {
  numbers: number;
  strings: number;
  /** Strings that read as an ISO-8601 date or instant (`2026-03-01`, `2026-03-01T09:00:00Z`). */
  dates: number;
  booleans: number;
  arrays: number;
  objects: number;
}

/** Postgres' test for `dates`: the text starts with an ISO-8601 calendar date. */
export const ISO_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}([T ]|$)';

/**
 * The type a field most likely has: the most common shape among its values; text that is mostly
 * ISO dates is a date. Ties go to the earlier of number, text, boolean, list, object.
 *
 * @example
 * inferType({ numbers: 3, strings: 1, dates: 0, booleans: 0, arrays: 0, objects: 0 }); // 'number'
 */
export function inferType(counts: TypeCounts): FieldType {
  const ranked: Array<[FieldType, number]> = [
    ['number', counts.numbers],
    ['text', counts.strings],
    ['boolean', counts.booleans],
    ['list', counts.arrays],
    ['object', counts.objects],
  ];
  let [best, most] = ranked[0] as [FieldType, number];
  for (const [type, n] of ranked) if (n > most) [best, most] = [type, n];
  if (best === 'text' && counts.dates * 2 > counts.strings) return 'date';
  return best;
}
