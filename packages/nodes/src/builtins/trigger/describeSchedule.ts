import { DateTime } from 'luxon';
import type { Schedule } from './scheduleConfig.js';

const DAY_NAMES = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
} as const;

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** "Monday, Wednesday and Friday", "weekday", "day". */
function days(schedule: Extract<Schedule, { repeat: 'weekly' }>): string {
  const set = new Set(schedule.days);
  if (set.size === 7) return 'day';
  if (set.size === 5 && !set.has('sat') && !set.has('sun')) return 'weekday';
  const ordered = (Object.keys(DAY_NAMES) as Array<keyof typeof DAY_NAMES>).filter((d) => set.has(d));
  return list(ordered.map((d) => DAY_NAMES[d]));
}

/**
 * A schedule in words, for the trigger's summary, the trace and the audit log.
 *
 * @example
 * ```ts
 * describeSchedule({ repeat: 'weekly', days: ['mon', 'thu'], time: '09:00', zone: 'contact' });
 * // "Every Monday and Thursday at 09:00 in each contact's time zone"
 * ```
 */
export function describeSchedule(schedule: Schedule, journeyZone?: string): string {
  const zone =
    schedule.zone === 'contact'
      ? " in each contact's time zone"
      : journeyZone
        ? ` (${journeyZone.replaceAll('_', ' ')})`
        : '';
  switch (schedule.repeat) {
    case 'once': {
      const at = DateTime.fromISO(schedule.at, { zone: 'UTC' });
      const when = at.isValid ? at.toFormat("d LLL yyyy 'at' HH:mm") : schedule.at;
      return `Once, on ${when}${zone}`;
    }
    case 'daily':
      return `Every day at ${schedule.time}${zone}`;
    case 'weekly':
      return `Every ${days(schedule)} at ${schedule.time}${zone}`;
    case 'monthly':
      return `On day ${schedule.day} of every month at ${schedule.time}${zone}`;
    case 'cron':
      return `On the schedule '${schedule.cron.trim()}'${zone}`;
  }
}
