import { LogicRule } from '@crossroads/graph-schema';
import { z } from 'zod';
import { IsoDuration } from '../shared/duration.js';
import { EventType } from '../shared/fields.js';

/** Days of the week in ISO order (Monday first), matching luxon's weekday numbers 1–7. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM on a 24-hour clock, e.g. 09:00')
  .meta({ 'x-editor': 'time' });

const ForDuration = z
  .object({
    mode: z.literal('duration').meta({ title: 'Wait for', description: 'A fixed amount of time' }),
    duration: IsoDuration.meta({
      title: 'Duration',
      description: 'ISO-8601 duration up to one year, e.g. PT4H (4 hours), P3D (3 days)',
    }),
  })
  .meta({ title: 'A fixed time' });

const UntilWindow = z
  .object({
    mode: z.literal('until').meta({ title: 'Wait for', description: 'The next moment inside a send window' }),
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7).meta({
      title: 'Days',
      description: 'Days of the week the window is open, in the contact’s time zone',
    }),
    start: ClockTime.meta({ title: 'Opens at', description: 'Local time the window opens, e.g. 09:00' }),
    end: ClockTime.meta({ title: 'Closes at', description: 'Local time the window closes, e.g. 17:00' }),
  })
  .superRefine((window, ctx) => {
    if (window.end <= window.start) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `the window must close after it opens (${window.start}–${window.end})`,
      });
    }
    if (new Set(window.days).size !== window.days.length) {
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'each day may appear only once' });
    }
  })
  .meta({ title: 'A send window' });

const ForEvent = z
  .object({
    mode: z.literal('event').meta({ title: 'Wait for', description: 'An event, or give up after a timeout' }),
    event: EventType.meta({ title: 'Event type', description: 'e.g. email.opened, email.replied, purchase' }),
    where: LogicRule.optional().meta({
      title: 'Where',
      description: 'Optional JSONLogic over the incoming event and the contact, e.g. a minimum order value',
    }),
    timeout: IsoDuration.meta({
      title: 'Timeout',
      description: 'ISO-8601 duration after which the contact takes the timeout output, e.g. P2D',
    }),
  })
  .meta({ title: 'An event' });

export const WaitConfig = z
  .discriminatedUnion('mode', [ForDuration, UntilWindow, ForEvent])
  .meta({ title: 'Wait', description: 'Holds the contact for a time, until a send window, or for an event' });
export type WaitConfig = z.infer<typeof WaitConfig>;
export type SendWindow = Extract<WaitConfig, { mode: 'until' }>;
