import { z } from 'zod';
import { SafeString } from './primitives.js';

// The runtime reads these durations and zones with luxon; what is accepted here is a subset of
// what luxon accepts (the ISO-8601 designators it knows, zones Intl knows), with its casual lengths.
const ISO_DURATION =
  /^P(?!$)(?:(\d{1,9}(?:\.\d{1,9})?)Y)?(?:(\d{1,9}(?:\.\d{1,9})?)M)?(?:(\d{1,9}(?:\.\d{1,9})?)W)?(?:(\d{1,9}(?:\.\d{1,9})?)D)?(?:T(?=\d)(?:(\d{1,9}(?:\.\d{1,9})?)H)?(?:(\d{1,9}(?:\.\d{1,9})?)M)?(?:(\d{1,9}(?:\.\d{1,9})?)S)?)?$/;
const DAY = 86_400_000;
const UNIT_MS = [365 * DAY, 30 * DAY, 7 * DAY, DAY, 3_600_000, 60_000, 1000];
const MAX_WINDOW_MS = 366 * DAY;

/**
 * Milliseconds of an ISO-8601 duration (a year is 365 days, a month 30), or null when it is not one.
 *
 * @example
 * durationMs('P7D'); // 604800000
 */
export function durationMs(iso: string): number | null {
  const match = ISO_DURATION.exec(iso);
  if (!match) return null;
  return UNIT_MS.reduce((sum, unit, i) => sum + Number(match[i + 1] ?? 0) * unit, 0);
}

/** An ISO-8601 duration longer than zero and at most a year, e.g. `P7D`, `PT12H`. */
export const PolicyDuration = z
  .string()
  .max(64)
  .superRefine((iso, ctx) => {
    const ms = durationMs(iso);
    if (ms === null)
      ctx.addIssue({ code: 'custom', message: `'${iso}' is not an ISO-8601 duration (e.g. P7D)` });
    else if (ms <= 0) ctx.addIssue({ code: 'custom', message: `'${iso}' must be longer than zero` });
    else if (ms > MAX_WINDOW_MS) ctx.addIssue({ code: 'custom', message: `'${iso}' is longer than a year` });
  });

/** A local wall-clock time `HH:MM` (24 h). */
export const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM on a 24-hour clock, e.g. 21:00');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = SafeString.max(64).refine(
  isTimeZone,
  'must be an IANA time zone, e.g. Europe/Berlin',
);

export const FrequencyCapPolicy = z.strictObject({
  maxSends: z.number().int().min(1).max(1000).describe('Marketing emails allowed per contact in the window'),
  window: PolicyDuration.describe('ISO-8601 duration, e.g. P7D'),
  onCap: z.enum(['defer', 'skip']).describe('defer: wait until the window has room; skip: drop the send'),
});

export const QuietHoursPolicy = z
  .strictObject({
    start: ClockTime.describe('Local time quiet hours begin, e.g. 21:00'),
    end: ClockTime.describe('Local time they end, e.g. 08:00 (the next morning when before start)'),
    timezoneFallback: TimeZone.describe("Used when the contact's timezone attribute is missing or invalid"),
  })
  .refine((q) => q.start !== q.end, { message: 'start and end must differ', path: ['end'] });

export const FatiguePolicy = z.strictObject({
  noOpensInLastSends: z.number().int().min(1).max(100).describe('K: no opens in the last K marketing sends'),
  action: z.enum(['slow', 'skip']),
  slowBy: PolicyDuration.describe('With slow: at least this long between sends to a fatigued contact'),
});

/**
 * Workspace-wide guardrails for marketing email. `null` turns a guardrail off. Transactional email
 * is exempt from all of them (never from suppression).
 */
export const GuardrailPolicy = z.strictObject({
  frequencyCap: FrequencyCapPolicy.nullable(),
  quietHours: QuietHoursPolicy.nullable(),
  fatigue: FatiguePolicy.nullable(),
});
export type GuardrailPolicy = z.infer<typeof GuardrailPolicy>;
export type FrequencyCapPolicy = z.infer<typeof FrequencyCapPolicy>;
export type QuietHoursPolicy = z.infer<typeof QuietHoursPolicy>;
export type FatiguePolicy = z.infer<typeof FatiguePolicy>;
