import { DateTime, IANAZone } from 'luxon';
import type { QuietHoursPolicy } from './policy.js';

function minutesOf(hhmm: string): number {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  return hour * 60 + minute;
}

/** The contact's zone when valid, else the policy's fallback, else UTC. */
export function quietHoursZone(contactTimezone: unknown, policy: QuietHoursPolicy): string {
  if (typeof contactTimezone === 'string' && IANAZone.isValidZone(contactTimezone)) return contactTimezone;
  return IANAZone.isValidZone(policy.timezoneFallback) ? policy.timezoneFallback : 'UTC';
}

/**
 * When the quiet period containing `at` ends, or undefined when `at` is outside quiet hours.
 * Quiet hours may wrap midnight (21:00–08:00). Wall-clock times are resolved per local day by
 * luxon, so an end time that does not exist on a spring-forward day moves forward with the clock.
 *
 * @example
 * ```ts
 * const quiet = { start: '21:00', end: '08:00', timezoneFallback: 'UTC' };
 * quietHoursEnd(new Date('2026-06-01T20:30:00Z'), quiet, 'Europe/Berlin'); // 2026-06-02T06:00:00.000Z (08:00 Berlin)
 * quietHoursEnd(new Date('2026-06-01T10:00:00Z'), quiet, 'Europe/Berlin'); // undefined
 * ```
 */
export function quietHoursEnd(at: Date, policy: QuietHoursPolicy, zone: string): Date | undefined {
  let end = quietPeriodEnd(at, policy, zone);
  // When the allowed time falls in a DST gap that day (allowed 03:00–03:15 on a night the clock
  // jumps 02:45 → 03:45), the "end" is still quiet: carry on to the next day's.
  for (let day = 0; end && day < 3; day++) {
    const later = quietPeriodEnd(end, policy, zone);
    if (!later) return end;
    end = later;
  }
  return end;
}

function quietPeriodEnd(at: Date, policy: QuietHoursPolicy, zone: string): Date | undefined {
  const local = DateTime.fromJSDate(at).setZone(zone);
  const now = local.hour * 60 + local.minute;
  const start = minutesOf(policy.start);
  const end = minutesOf(policy.end);
  const endOn = (day: DateTime) =>
    day
      .startOf('day')
      .set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 })
      .toJSDate();
  const wraps = start > end;
  if (!wraps) return now >= start && now < end ? endOn(local) : undefined;
  if (now >= start) return endOn(local.plus({ days: 1 }));
  if (now < end) return endOn(local);
  return undefined;
}
