import { cronOf, Schedule } from '@crossroads/nodes';

export type Repeat = Schedule['repeat'];
export type Zone = 'journey' | 'contact';

/** The choices of "How often", in the order ops staff read them; cron last, as the advanced one. */
export const REPEATS: ReadonlyArray<{ value: Repeat; label: string }> = [
  { value: 'once', label: 'Once, at a date and time' },
  { value: 'daily', label: 'Every day' },
  { value: 'weekly', label: 'Every week' },
  { value: 'monthly', label: 'Every month' },
  { value: 'cron', label: 'Advanced: a cron expression' },
];

export const DAYS = [
  { value: 'mon', label: 'Mon' },
  { value: 'tue', label: 'Tue' },
  { value: 'wed', label: 'Wed' },
  { value: 'thu', label: 'Thu' },
  { value: 'fri', label: 'Fri' },
  { value: 'sat', label: 'Sat' },
  { value: 'sun', label: 'Sun' },
] as const;
export type Day = (typeof DAYS)[number]['value'];

/** A schedule as the widget holds it: every field optional, so a half-edited one still shows. */
export interface ScheduleDraft {
  repeat: Repeat;
  at?: string;
  time?: string;
  days?: Day[];
  day?: number;
  cron?: string;
  zone: Zone;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** Reads whatever the config holds (nothing yet, an older shape) as a draft; daily at 09:00 by default. */
export function readSchedule(value: unknown): ScheduleDraft {
  const v = record(value);
  const repeat = REPEATS.some((r) => r.value === v.repeat) ? (v.repeat as Repeat) : 'daily';
  const draft: ScheduleDraft = { repeat, zone: v.zone === 'contact' ? 'contact' : 'journey' };
  if (typeof v.at === 'string') draft.at = v.at;
  if (typeof v.time === 'string') draft.time = v.time;
  if (Array.isArray(v.days)) draft.days = v.days.filter((d): d is Day => DAYS.some((x) => x.value === d));
  if (typeof v.day === 'number') draft.day = v.day;
  if (typeof v.cron === 'string') draft.cron = v.cron;
  if (draft.time === undefined && repeat !== 'once' && repeat !== 'cron') draft.time = '09:00';
  return draft;
}

/** Tomorrow's date (local to the browser) as YYYY-MM-DD, for a new one-off. */
function tomorrow(now: Date): string {
  const d = new Date(now.getTime() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Switches "How often", keeping what still applies: the time of day and the time zone; a cron
 * expression starts from what the previous choice meant, so "Advanced" shows the same schedule.
 */
export function switchRepeat(current: ScheduleDraft, repeat: Repeat, now = new Date()): ScheduleDraft {
  const time = current.time ?? current.at?.slice(11, 16) ?? '09:00';
  const zone = current.zone;
  switch (repeat) {
    case 'once':
      return { repeat, at: `${current.at?.slice(0, 10) ?? tomorrow(now)}T${time}`, zone };
    case 'daily':
      return { repeat, time, zone };
    case 'weekly':
      return { repeat, days: current.days?.length ? current.days : ['mon'], time, zone };
    case 'monthly':
      return { repeat, day: current.day ?? 1, time, zone };
    case 'cron': {
      const parsed = Schedule.safeParse(current);
      const from = parsed.success ? cronOf(parsed.data) : null;
      return {
        repeat,
        cron: current.cron ?? from ?? `${Number(time.slice(3))} ${Number(time.slice(0, 2))} * * *`,
        zone,
      };
    }
  }
}

/** Adds or removes a weekday, keeping Monday-first order. */
export function toggleDay(current: ScheduleDraft, day: Day): ScheduleDraft {
  const set = new Set(current.days ?? []);
  if (set.has(day)) set.delete(day);
  else set.add(day);
  return { ...current, days: DAYS.map((d) => d.value).filter((d) => set.has(d)) };
}

/** The one-off's date and time, joined as the schedule stores them (local, no zone). */
export function withOnceParts(
  current: ScheduleDraft,
  parts: { date?: string; time?: string },
): ScheduleDraft {
  const date = parts.date ?? current.at?.slice(0, 10) ?? '';
  const time = parts.time ?? current.at?.slice(11, 16) ?? '09:00';
  return { ...current, at: `${date}T${time}` };
}
