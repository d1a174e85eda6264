import { Duration, IANAZone } from 'luxon';
import { z } from 'zod';

const MAX_WINDOW = Duration.fromObject({ days: 366 });

/** An ISO-8601 duration longer than zero and at most a year, e.g. `P7D`, `PT12H`. */
export const PolicyDuration = z
  .string()
  .max(64)
  .superRefine((iso, ctx) => {
    const duration = Duration.fromISO(iso);
    if (!duration.isValid)
      ctx.addIssue({ code: 'custom', message: `'${iso}' is not an ISO-8601 duration (e.g. P7D)` });
    else if (duration.toMillis() <= 0)
      ctx.addIssue({ code: 'custom', message: `'${iso}' must be longer than zero` });
    else if (duration.toMillis() > MAX_WINDOW.toMillis()) {
      ctx.addIssue({ code: 'custom', message: `'${iso}' is longer than a year` });
    }
  });

/** A local wall-clock time `HH:MM` (24 h). */
export const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM on a 24-hour clock, e.g. 21:00');

export const TimeZone = z
  .string()
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone, e.g. Europe/Berlin');

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
 * is exempt from all of them (never from suppression, which the delivery step checks itself).
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

/**
 * Defaults when a workspace has set nothing: a frequency cap only. Quiet hours and fatigue are
 * opt-in, so a newcomer's first journey is not silently deferred overnight or slowed because the
 * local catcher never records opens.
 */
export const DEFAULT_GUARDRAILS: GuardrailPolicy = {
  frequencyCap: { maxSends: 5, window: 'P7D', onCap: 'defer' },
  quietHours: null,
  fatigue: null,
};
