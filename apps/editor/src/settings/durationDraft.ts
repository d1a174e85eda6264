import { durationMs } from '@crossroads/api';
import {
  type DurationUnit,
  inLargestUnit,
  joinDuration,
  splitDuration,
  UNIT_MINUTES,
} from '../schema-form/duration.js';

/** A duration as the page edits it: a number as typed and a unit. */
export interface DurationDraft {
  amount: string;
  unit: DurationUnit;
  /** The ISO-8601 text it was read from, given back as it is while amount and unit are left as read. */
  from?: string;
}

/**
 * An ISO-8601 duration as a number and a unit: `P7D` → 1 week, `PT36H` → 36 hours. Months and
 * years (`P1M`) read as their days (30 and 365, the API's own count); seconds and fractions as
 * minutes. Text that is no duration gives an empty amount.
 *
 * @example
 * durationDraft('P3D') // { amount: '3', unit: 'days', from: 'P3D' }
 */
export function durationDraft(iso: string): DurationDraft {
  const split = splitDuration(iso);
  if (split) return { amount: String(split.amount), unit: split.unit, from: iso };
  const ms = durationMs(iso);
  if (ms === null) return { amount: '', unit: 'days' };
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes)) {
    const { amount, unit } = inLargestUnit(minutes);
    return { amount: String(amount), unit, from: iso };
  }
  return { amount: String(Math.round(minutes * 1000) / 1000), unit: 'minutes', from: iso };
}

/**
 * The ISO-8601 text of a draft: the text it was read from when it is unchanged (so `P1M` stays a
 * calendar month), else the number and unit joined (`P10D`).
 *
 * @example
 * durationIso({ amount: '2', unit: 'weeks' }) // 'P2W'
 */
export function durationIso(draft: DurationDraft): string {
  if (draft.from !== undefined) {
    const read = durationDraft(draft.from);
    if (read.amount === draft.amount && read.unit === draft.unit) return draft.from;
  }
  return joinDuration(Number(draft.amount), draft.unit);
}

/** Minutes a draft lasts, or null when its amount is not a number. */
export function draftMinutes(draft: DurationDraft): number | null {
  if (!/^\d+(\.\d{1,3})?$/.test(draft.amount.trim())) return null;
  return Number(draft.amount) * UNIT_MINUTES[draft.unit];
}

/** The unit in words for the amount beside it: "1 week", "2 weeks". */
export function unitWord(unit: DurationUnit, amount: string): string {
  return amount.trim() === '1' ? unit.slice(0, -1) : unit;
}
