import { DateTime, Duration } from 'luxon';
import { z } from 'zod';

const MAX = Duration.fromObject({ years: 1 });

/**
 * Why an ISO-8601 duration is unusable as a wait, or undefined when it is fine.
 *
 * @example
 * ```ts
 * durationProblem('P3D'); // undefined
 * durationProblem('P2Y'); // "'P2Y' is longer than one year"
 * ```
 */
export function durationProblem(iso: string): string | undefined {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return `'${iso}' is not an ISO-8601 duration (e.g. PT2S, PT4H, P3D)`;
  if (duration.toMillis() <= 0) return `'${iso}' must be longer than zero`;
  if (duration.toMillis() > MAX.toMillis()) return `'${iso}' is longer than one year`;
  return undefined;
}

/** An ISO-8601 duration between zero (exclusive) and one year, e.g. `P3D`. */
export const IsoDuration = z
  .string()
  .max(64)
  .superRefine((iso, ctx) => {
    const problem = durationProblem(iso);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ 'x-editor': 'duration' });

/** `now` plus an ISO duration, as an ISO instant. Calendar units (P1M) are added on the UTC calendar. */
export function addDuration(now: Date, iso: string): string {
  return DateTime.fromJSDate(now, { zone: 'utc' }).plus(Duration.fromISO(iso)).toJSDate().toISOString();
}

/** "2 days", "1 day, 12 hours", for canvas summaries. */
export function humanDuration(iso: string): string {
  const duration = Duration.fromISO(iso);
  return duration.isValid ? duration.toHuman({ unitDisplay: 'long' }) : iso;
}
