import { describe, expect, it } from 'vitest';
import { cronProblem } from './cron.js';
import { describeSchedule } from './describeSchedule.js';
import { cronOf, nextSlots, slotInstant, slotWindow } from './schedule.js';
import { Schedule } from './scheduleConfig.js';

const at = (iso: string) => new Date(iso);
const daily = (time: string, zone: 'journey' | 'contact' = 'journey') =>
  Schedule.parse({ repeat: 'daily', time, zone });
const instants = (schedule: Schedule, zone: string, after: string, n: number) =>
  nextSlots(schedule, zone, at(after), n).map((s) => slotInstant(s, zone).toISOString());

describe('schedule maths (croner for the cron, luxon for the zone)', () => {
  it('keeps 09:00 at 09:00 local across the spring-forward change in Berlin', () => {
    // 29 March 2026: Berlin moves from UTC+1 to UTC+2.
    expect(instants(daily('09:00'), 'Europe/Berlin', '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('keeps 09:00 at 09:00 local across the autumn change in New York', () => {
    // 1 November 2026: New York moves from UTC−4 to UTC−5.
    expect(instants(daily('09:00'), 'America/New_York', '2026-10-31T00:00:00Z', 2)).toEqual([
      '2026-10-31T13:00:00.000Z',
      '2026-11-01T14:00:00.000Z',
    ]);
  });

  it('runs a slot that falls in the spring gap once, an hour later, and one in the autumn overlap once', () => {
    // 02:30 does not exist in Berlin on 29 March 2026: it runs at 03:30 local (01:30Z).
    expect(instants(daily('02:30'), 'Europe/Berlin', '2026-03-28T12:00:00Z', 2)).toEqual([
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    // 02:30 happens twice in Berlin on 25 October 2026: it runs at the first (00:30Z), not again.
    const autumn = instants(daily('02:30'), 'Europe/Berlin', '2026-10-24T12:00:00Z', 2);
    expect(autumn).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('does not run twice when the gap pushes one slot onto the next', () => {
    const halfHourly = Schedule.parse({ repeat: 'cron', cron: '0,30 2,3 * * *', zone: 'journey' });
    const runs = instants(halfHourly, 'Europe/Berlin', '2026-03-29T00:00:00Z', 3);
    // 02:00 → 03:00 and 02:30 → 03:30 land on the real 03:00 and 03:30: each instant once.
    expect(runs).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
    expect(new Set(runs).size).toBe(runs.length);
  });

  it("places a contact-zone slot in each contact's zone, from UTC+14 to UTC−12", () => {
    const schedule = daily('09:00', 'contact');
    const [slot] = nextSlots(schedule, 'Europe/Berlin', at('2026-06-01T00:00:00Z'), 1);
    // 09:00 on 1 June has already started in Kiribati (UTC+14) at 19:00Z on 31 May, so the next is 2 June.
    expect(slot).toBe('2026-06-02T09:00');
    expect(slotInstant(slot!, 'Asia/Tokyo').toISOString()).toBe('2026-06-02T00:00:00.000Z');
    expect(slotInstant(slot!, 'America/Los_Angeles').toISOString()).toBe('2026-06-02T16:00:00.000Z');
    expect(slotWindow(schedule, slot!, 'UTC')).toEqual({
      from: at('2026-06-01T19:00:00Z'),
      to: at('2026-06-02T21:00:00Z'),
    });
  });

  it('an unknown zone falls back to UTC rather than failing', () => {
    expect(slotInstant('2026-06-02T09:00', 'Mars/Olympus').toISOString()).toBe('2026-06-02T09:00:00.000Z');
  });

  it('writes weekly and monthly schedules as cron, and skips months without the day', () => {
    const weekly = Schedule.parse({ repeat: 'weekly', days: ['thu', 'mon'], time: '09:05', zone: 'journey' });
    expect(cronOf(weekly)).toBe('5 9 * * THU,MON');
    expect(nextSlots(weekly, 'UTC', at('2026-12-07T10:00:00Z'), 3)).toEqual([
      '2026-12-10T09:05',
      '2026-12-14T09:05',
      '2026-12-17T09:05',
    ]);
    const monthly = Schedule.parse({ repeat: 'monthly', day: 31, time: '08:00', zone: 'journey' });
    expect(nextSlots(monthly, 'UTC', at('2027-01-01T00:00:00Z'), 3)).toEqual([
      '2027-01-31T08:00',
      '2027-03-31T08:00',
      '2027-05-31T08:00',
    ]);
  });

  it('a one-off runs once, and not at all once its time has passed', () => {
    const once = Schedule.parse({ repeat: 'once', at: '2026-12-24T09:00', zone: 'journey' });
    expect(nextSlots(once, 'Europe/Berlin', at('2026-12-01T00:00:00Z'), 5)).toEqual(['2026-12-24T09:00']);
    expect(nextSlots(once, 'Europe/Berlin', at('2026-12-24T08:00:00Z'), 5)).toEqual([]);
  });

  it('refuses cron that is not five fields, does not parse, or runs more often than every 15 minutes', () => {
    expect(cronProblem('0 9 * * *')).toBeNull();
    expect(cronProblem('0 0 9 * * *')).toContain('five fields');
    expect(cronProblem('0 25 * * *')).toContain('croner');
    expect(cronProblem('*/5 * * * *')).toContain('15 minutes');
    const bad = Schedule.safeParse({ repeat: 'cron', cron: '*/5 * * * *', zone: 'journey' });
    expect(bad.error?.issues[0]?.path).toEqual(['cron']);
    expect(Schedule.safeParse({ repeat: 'once', at: '24/12/2026 9am', zone: 'journey' }).success).toBe(false);
    expect(Schedule.safeParse({ repeat: 'weekly', days: ['mon', 'mon'], time: '09:00' }).success).toBe(false);
  });

  it('says the schedule in words', () => {
    expect(
      describeSchedule(
        Schedule.parse({ repeat: 'weekly', days: ['thu', 'mon'], time: '09:00', zone: 'contact' }),
      ),
    ).toBe("Every Monday and Thursday at 09:00 in each contact's time zone");
    const weekdays = Schedule.parse({
      repeat: 'weekly',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      time: '08:30',
    });
    expect(describeSchedule(weekdays, 'America/New_York')).toBe('Every weekday at 08:30 (America/New York)');
    expect(describeSchedule(Schedule.parse({ repeat: 'once', at: '2026-12-24T09:00' }))).toBe(
      'Once, on 24 Dec 2026 at 09:00',
    );
  });
});
