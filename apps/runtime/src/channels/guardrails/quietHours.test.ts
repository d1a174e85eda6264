import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { decideSend } from './decideSend.js';
import type { GuardrailPolicy } from './policy.js';
import { quietHoursEnd } from './quietHours.js';
import { d, input, NIGHT, NONE } from './testInputs.js';

describe('quiet hours in the contact time zone', () => {
  const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toJSDate();
  const endOf = (local: string, zone: string, policy = NIGHT) =>
    quietHoursEnd(at(local, zone), policy, zone)?.toISOString();

  it('defers a late-evening send to the next morning and an early one to the same morning', () => {
    expect(endOf('2026-06-01T22:30', 'Europe/Berlin')).toBe('2026-06-02T06:00:00.000Z');
    expect(endOf('2026-06-02T03:00', 'Europe/Berlin')).toBe('2026-06-02T06:00:00.000Z');
  });

  it('treats start as quiet and end as allowed (half-open)', () => {
    expect(endOf('2026-06-01T21:00', 'UTC')).toBe('2026-06-02T08:00:00.000Z');
    expect(endOf('2026-06-01T08:00', 'UTC')).toBeUndefined();
    expect(endOf('2026-06-01T20:59', 'UTC')).toBeUndefined();
  });

  it('handles quiet hours that do not wrap midnight', () => {
    const lunch = { start: '12:00', end: '13:30', timezoneFallback: 'UTC' };
    expect(endOf('2026-06-01T12:10', 'Asia/Tokyo', lunch)).toBe('2026-06-01T04:30:00.000Z');
    expect(endOf('2026-06-01T13:30', 'Asia/Tokyo', lunch)).toBeUndefined();
    expect(endOf('2026-06-01T11:59', 'Asia/Tokyo', lunch)).toBeUndefined();
  });

  it('ends at 08:00 local on the spring-forward night (New York, 2026-03-08)', () => {
    // 23:00 EST on the 7th; 08:00 on the 8th is EDT (UTC-4), not UTC-5
    expect(endOf('2026-03-07T23:00', 'America/New_York')).toBe('2026-03-08T12:00:00.000Z');
  });

  it('ends at 08:00 local on the fall-back night (New York, 2026-11-01)', () => {
    // 22:00 EDT on Oct 31st; 08:00 on Nov 1st is EST (UTC-5): the night is 11 hours long
    const start = at('2026-10-31T22:00', 'America/New_York');
    const end = quietHoursEnd(start, NIGHT, 'America/New_York') as Date;
    expect(end.toISOString()).toBe('2026-11-01T13:00:00.000Z');
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(11);
  });

  it('moves an end time that does not exist (in the DST gap) forward with the clock', () => {
    const gap = { start: '23:00', end: '02:30', timezoneFallback: 'UTC' };
    // 02:30 does not exist in New York on 2026-03-08: clocks jump from 02:00 to 03:00
    const end = quietHoursEnd(at('2026-03-08T00:30', 'America/New_York'), gap, 'America/New_York') as Date;
    expect(DateTime.fromJSDate(end).setZone('America/New_York').toFormat('HH:mm')).toBe('03:30');
    expect(end.toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('skips a day whose only allowed minutes fall in the DST gap (Chatham, 2026-09-27)', () => {
    // allowed only 03:00–03:15; on the 27th Chatham's clocks jump from 02:45 to 03:45
    const narrow = { start: '03:15', end: '03:00', timezoneFallback: 'UTC' };
    const end = quietHoursEnd(at('2026-09-26T12:00', 'Pacific/Chatham'), narrow, 'Pacific/Chatham') as Date;
    expect(DateTime.fromJSDate(end).setZone('Pacific/Chatham').toFormat('yyyy-MM-dd HH:mm')).toBe(
      '2026-09-28 03:00',
    );
    expect(quietHoursEnd(end, narrow, 'Pacific/Chatham')).toBeUndefined();
  });

  it('uses the contact time zone, then the fallback when the contact has none or an invalid one', () => {
    const policy: GuardrailPolicy = {
      ...NONE,
      quietHours: { ...NIGHT, timezoneFallback: 'America/Los_Angeles' },
    };
    const now = d('2026-06-01T05:00:00Z'); // 07:00 Berlin, 22:00 Los Angeles (previous day)
    const berlin = decideSend(input({ policy, now, contactTimezone: 'Europe/Berlin' }));
    expect(berlin).toMatchObject({ action: 'defer', reason: { code: 'quiet-hours' } });
    expect(berlin.action === 'defer' && berlin.until.toISOString()).toBe('2026-06-01T06:00:00.000Z');
    for (const contactTimezone of [undefined, 'Mars/Olympus', 42]) {
      const la = decideSend(input({ policy, now, contactTimezone }));
      expect(la.action === 'defer' && la.until.toISOString()).toBe('2026-06-01T15:00:00.000Z');
      expect(la.action === 'defer' && la.reason.summary).toContain('America/Los_Angeles');
    }
  });

  it('property: a deferral always lands outside quiet hours, after now, within two days', () => {
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Pacific/Chatham',
    ];
    const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45));
    const hhmm = ([h, m]: [number, number]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    fc.assert(
      fc.property(
        fc.date({ min: d('2026-01-01T00:00:00Z'), max: d('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        clock,
        clock,
        (now, zone, start, end) => {
          fc.pre(hhmm(start) !== hhmm(end));
          const quietHours = { start: hhmm(start), end: hhmm(end), timezoneFallback: 'UTC' };
          const decision = decideSend(input({ policy: { ...NONE, quietHours }, now, contactTimezone: zone }));
          if (decision.action === 'send') {
            expect(quietHoursEnd(now, quietHours, zone)).toBeUndefined();
            return;
          }
          expect(decision.action).toBe('defer');
          if (decision.action !== 'defer') return;
          expect(decision.until.getTime()).toBeGreaterThan(now.getTime());
          expect(decision.until.getTime() - now.getTime()).toBeLessThanOrEqual(49 * 3_600_000);
          expect(quietHoursEnd(decision.until, quietHours, zone)).toBeUndefined();
        },
      ),
      { numRuns: 5000 },
    );
  });
});
