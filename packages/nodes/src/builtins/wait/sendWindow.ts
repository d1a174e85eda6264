import { DateTime } from 'luxon';
import { type SendWindow, WEEKDAYS, type Weekday } from './config.js';

/**
 * True when `zone` is an IANA time zone luxon can use.
 *
 * @example
 * ```ts
 * isValidZone('Europe/Berlin'); // true
 * isValidZone('Mars/Olympus'); // false
 * ```
 */
export function isValidZone(zone: unknown): zone is string {
  return typeof zone === 'string' && zone !== '' && DateTime.now().setZone(zone).isValid;
}

/**
 * The contact's `timezone` attribute when valid, else the journey's, else UTC.
 *
 * @example
 * ```ts
 * zoneFor({ id: 'c1', timezone: 'America/New_York' }, 'Europe/Berlin'); // 'America/New_York'
 * zoneFor({ id: 'c2', timezone: 'nowhere' }, 'Europe/Berlin'); // 'Europe/Berlin'
 * ```
 */
export function zoneFor(contact: Record<string, unknown>, journeyZone: string): string {
  if (isValidZone(contact.timezone)) return contact.timezone;
  return isValidZone(journeyZone) ? journeyZone : 'UTC';
}

function clock(hhmm: string): { hour: number; minute: number } {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  return { hour, minute };
}

/**
 * The first instant at or after `now` inside the window, in `zone`. Local wall-clock times are
 * resolved per day by luxon, so a 09:00 window stays 09:00 across daylight-saving changes.
 *
 * @example
 * ```ts
 * // Saturday 12:00 in Berlin → Monday 09:00 Berlin
 * nextWindowStart(new Date('2026-03-28T11:00:00Z'), { mode: 'until', days: ['mon'], start: '09:00', end: '17:00' }, 'Europe/Berlin');
 * ```
 */
export function nextWindowStart(now: Date, window: SendWindow, zone: string): Date {
  const local = DateTime.fromJSDate(now).setZone(zone);
  const open = clock(window.start);
  const close = clock(window.end);
  // Eight days: today's window may already have closed and the only open day may be today.
  for (let offset = 0; offset <= 7; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    if (!window.days.includes(WEEKDAYS[day.weekday - 1] as Weekday)) continue;
    const opensAt = day.set({ ...open, second: 0, millisecond: 0 });
    const closesAt = day.set({ ...close, second: 0, millisecond: 0 });
    if (local < opensAt) return opensAt.toJSDate();
    if (local < closesAt) return now;
  }
  // Unreachable for a parsed config (at least one day), kept so the function is total.
  throw new Error(`No opening of the send window ${window.start}–${window.end} in the next week`);
}
