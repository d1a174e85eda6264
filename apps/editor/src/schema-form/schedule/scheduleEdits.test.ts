import { describeSchedule, Schedule } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { readSchedule, switchRepeat, toggleDay, withOnceParts } from './scheduleEdits.js';

describe('schedule edits (no DOM)', () => {
  it('starts as every day at 09:00 in the journey zone', () => {
    const draft = readSchedule(undefined);
    expect(draft).toEqual({ repeat: 'daily', time: '09:00', zone: 'journey' });
    expect(Schedule.safeParse(draft).success).toBe(true);
  });

  it('keeps the time and zone when switching how often, and every switch is a valid schedule', () => {
    const start = { repeat: 'daily' as const, time: '07:30', zone: 'contact' as const };
    const now = new Date('2026-12-07T12:00:00');
    for (const repeat of ['once', 'weekly', 'monthly', 'cron', 'daily'] as const) {
      const next = switchRepeat(start, repeat, now);
      expect(Schedule.safeParse(next).success, repeat).toBe(true);
      expect(next.zone).toBe('contact');
    }
    expect(switchRepeat(start, 'once', now).at).toBe('2026-12-08T07:30');
    expect(switchRepeat(start, 'weekly', now)).toMatchObject({ days: ['mon'], time: '07:30' });
  });

  it('shows the same schedule as cron when switched to Advanced', () => {
    const weekly = {
      repeat: 'weekly' as const,
      days: ['mon' as const, 'fri' as const],
      time: '09:15',
      zone: 'journey' as const,
    };
    expect(switchRepeat(weekly, 'cron').cron).toBe('15 9 * * MON,FRI');
  });

  it('toggles weekdays in Monday-first order and joins a one-off date and time', () => {
    const draft = toggleDay(
      toggleDay({ repeat: 'weekly', days: ['fri'], time: '09:00', zone: 'journey' }, 'mon'),
      'wed',
    );
    expect(draft.days).toEqual(['mon', 'wed', 'fri']);
    expect(describeSchedule(Schedule.parse(draft))).toBe('Every Monday, Wednesday and Friday at 09:00');
    const once = withOnceParts(
      { repeat: 'once', at: '2026-12-24T09:00', zone: 'journey' },
      { time: '18:45' },
    );
    expect(once.at).toBe('2026-12-24T18:45');
  });
});
