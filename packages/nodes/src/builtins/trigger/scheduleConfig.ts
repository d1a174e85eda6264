import { z } from 'zod';
import { WEEKDAYS } from '../wait/config.js';
import { cronProblem } from './cron.js';

const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM on a 24-hour clock, e.g. 09:00')
  .meta({ title: 'At', description: 'Local time, e.g. 09:00' });

/** A local date and time without a zone: the zone is the schedule's (journey or contact). */
const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'use a date and a time, e.g. 2026-12-24T09:00')
  .meta({ title: 'On', description: 'Local date and time, e.g. 2026-12-24T09:00' });

const Zone = z.enum(['journey', 'contact']).default('journey').meta({
  title: 'Time zone',
  description:
    "journey: the journey's time zone (Settings); contact: each contact's `timezone` attribute, else the journey's",
});

const repeat = <T extends string>(value: T, description: string) =>
  z.literal(value).meta({ title: 'How often', description });

const Once = z.object({ repeat: repeat('once', 'Once, at a date and time'), at: LocalDateTime, zone: Zone });
const Daily = z.object({ repeat: repeat('daily', 'Every day, at a time'), time: ClockTime, zone: Zone });
const Weekly = z
  .object({
    repeat: repeat('weekly', 'Every week, on some days, at a time'),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      .meta({ title: 'Days', description: 'The days of the week it runs on' }),
    time: ClockTime,
    zone: Zone,
  })
  .refine((value) => new Set(value.days).size === value.days.length, {
    path: ['days'],
    message: 'each day may appear only once',
  });
const Monthly = z.object({
  repeat: repeat('monthly', 'Every month, on a day, at a time'),
  day: z.number().int().min(1).max(31).meta({
    title: 'Day of the month',
    description: 'Months without this day are skipped (use 28 or less to run every month)',
  }),
  time: ClockTime,
  zone: Zone,
});
const Cron = z
  .object({
    repeat: repeat('cron', 'Advanced: when a cron expression says'),
    cron: z
      .string()
      .min(9)
      .max(200)
      .meta({ title: 'Cron expression', description: 'Five fields: minute hour day month weekday' }),
    zone: Zone,
  })
  .superRefine((value, ctx) => {
    const problem = cronProblem(value.cron);
    if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem });
  });

/**
 * When a scheduled trigger runs: once at a local date and time, every day / week / month at a
 * local time, or (advanced) a five-field cron expression; in the journey's time zone or in each
 * contact's. Local times, not instants, so 09:00 stays 09:00 across daylight-saving changes.
 * The editor shows it in words (`x-editor: 'schedule'`); nobody has to type cron.
 */
export const Schedule = z
  .discriminatedUnion('repeat', [Once, Daily, Weekly, Monthly, Cron])
  .meta({ title: 'When', description: 'When the journey runs for the segment', 'x-editor': 'schedule' });
export type Schedule = z.infer<typeof Schedule>;
