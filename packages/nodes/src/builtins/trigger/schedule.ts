import { Cron } from 'croner';
import { DateTime } from 'luxon';
import { isValidZone } from '../wait/sendWindow.js';
import { cronProblem } from './cron.js';
import type { Schedule } from './scheduleConfig.js';

/**
 * One run of a schedule, named by its local wall time (`2026-12-24T09:00`). The same slot is one
 * instant in the journey's time zone, or one instant per contact time zone: the run's identity is
 * the slot, so it is enrolled once per contact whatever the zone.
 */
export type Slot = string;

/** The first and last zones on Earth to reach a local time (UTC+14 and UTC−12). */
const FIRST_ZONE = 'Etc/GMT-14';
const LAST_ZONE = 'Etc/GMT+12';
const CRON_DAYS = { mon: 'MON', tue: 'TUE', wed: 'WED', thu: 'THU', fri: 'FRI', sat: 'SAT', sun: 'SUN' };

/**
 * The cron expression of a repeating schedule (croner evaluates it), or null for a one-off.
 *
 * @example
 * ```ts
 * cronOf({ repeat: 'weekly', days: ['mon', 'thu'], time: '09:30', zone: 'journey' }); // '30 9 * * MON,THU'
 * ```
 */
export function cronOf(schedule: Schedule): string | null {
  const hm = (time: string) => {
    const [h = '0', m = '0'] = time.split(':');
    return `${Number(m)} ${Number(h)}`;
  };
  switch (schedule.repeat) {
    case 'once':
      return null;
    case 'daily':
      return `${hm(schedule.time)} * * *`;
    case 'weekly':
      return `${hm(schedule.time)} * * ${schedule.days.map((d) => CRON_DAYS[d]).join(',')}`;
    case 'monthly':
      return `${hm(schedule.time)} ${schedule.day} * *`;
    case 'cron':
      return schedule.cron.trim();
  }
}

/** A wall time as a Date whose UTC fields are that wall time ("floating", for croner in UTC). */
const floating = (local: DateTime): Date =>
  new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute));
const slotOf = (date: Date): Slot => date.toISOString().slice(0, 16);

/**
 * The instant a slot happens in `zone`. Daylight saving: a slot in the spring-forward gap runs at
 * the same distance after the gap (02:30 → 03:30, as luxon resolves it); one in the autumn overlap
 * runs once, at the first of the two (luxon would pick the second, so an hour earlier is tried).
 *
 * @example
 * ```ts
 * slotInstant('2026-03-29T09:00', 'Europe/Berlin').toISOString(); // '2026-03-29T07:00:00.000Z'
 * ```
 */
export function slotInstant(slot: Slot, zone: string): Date {
  const local = DateTime.fromISO(slot, { zone: isValidZone(zone) ? zone : 'UTC' });
  const earlier = local.minus({ hours: 1 });
  return (earlier.toFormat("yyyy-MM-dd'T'HH:mm") === slot ? earlier : local).toJSDate();
}

/**
 * When a slot's run starts and ends: one instant in the journey's zone; for contact time zones,
 * from the first zone on Earth to reach it (UTC+14) to the last (UTC−12).
 */
export function slotWindow(schedule: Schedule, slot: Slot, journeyZone: string): { from: Date; to: Date } {
  if (schedule.zone === 'contact') {
    return { from: slotInstant(slot, FIRST_ZONE), to: slotInstant(slot, LAST_ZONE) };
  }
  const at = slotInstant(slot, journeyZone);
  return { from: at, to: at };
}

/**
 * The next `count` slots whose run starts after `after`, in order: croner walks the local wall
 * times of the cron expression (in UTC, where no clock jumps), luxon places each in the zone, and
 * slots that land on the same instant (a gap pushed one onto the next) run once.
 *
 * @example
 * ```ts
 * nextSlots({ repeat: 'daily', time: '09:00', zone: 'journey' }, 'Europe/Berlin', new Date('2026-03-28T12:00Z'), 2);
 * // ['2026-03-29T09:00', '2026-03-30T09:00']
 * ```
 */
export function nextSlots(schedule: Schedule, journeyZone: string, after: Date, count: number): Slot[] {
  const startsAfter = (slot: Slot) =>
    slotWindow(schedule, slot, journeyZone).from.getTime() > after.getTime();
  if (schedule.repeat === 'once') return startsAfter(schedule.at) && count > 0 ? [schedule.at] : [];
  const expression = cronOf(schedule);
  if (expression === null || cronProblem(expression) !== null) return [];
  const zone = schedule.zone === 'contact' ? FIRST_ZONE : isValidZone(journeyZone) ? journeyZone : 'UTC';
  // Start a few hours early in wall time: a gap or overlap can move a slot by up to an hour.
  let cursor = floating(DateTime.fromJSDate(after, { zone }).minus({ hours: 3 }));
  const cron = new Cron(expression, { timezone: 'UTC' });
  const slots: Slot[] = [];
  const seen = new Set<number>();
  for (let guard = 0; slots.length < count && guard < count + 50; guard++) {
    const next = cron.nextRun(cursor);
    if (!next) break;
    cursor = next;
    const slot = slotOf(next);
    const from = slotWindow(schedule, slot, journeyZone).from.getTime();
    if (from <= after.getTime() || seen.has(from)) continue;
    seen.add(from);
    slots.push(slot);
  }
  return slots;
}
