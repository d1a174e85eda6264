import { describe, expect, it } from 'vitest';
import { testContext } from '../../testing/context.js';
import { type SendWindow, WaitConfig } from './config.js';
import { executeWait } from './execute.js';

const weekdays = WaitConfig.parse({
  mode: 'until',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '17:00',
}) as SendWindow;

function waitAt(iso: string, overrides: Parameters<typeof testContext>[1] = {}) {
  return executeWait(testContext(weekdays, { now: new Date(iso), ...overrides }));
}

describe('wait: send window', () => {
  it('continues at once inside the window', () => {
    // Tuesday 10:00 in Berlin (CET, UTC+1).
    const decision = waitAt('2026-03-03T09:00:00.000Z', { timezone: 'Europe/Berlin' });
    expect(decision).toEqual({
      next: 'next',
      reason: expect.objectContaining({ summary: expect.any(String) }),
    });
  });

  it('waits until the window opens later the same day', () => {
    // Tuesday 07:30 Berlin → 09:00 Berlin = 08:00Z.
    expect(waitAt('2026-03-03T06:30:00.000Z', { timezone: 'Europe/Berlin' })).toMatchObject({
      wait: { until: '2026-03-03T08:00:00.000Z' },
      next: 'next',
    });
  });

  it('moves to the next open day once the window has closed', () => {
    // Tuesday 18:00 Berlin → Wednesday 09:00 Berlin.
    expect(waitAt('2026-03-03T17:00:00.000Z', { timezone: 'Europe/Berlin' })).toMatchObject({
      wait: { until: '2026-03-04T08:00:00.000Z' },
    });
  });

  it('keeps 09:00 local across the spring change in Berlin (last Sunday of March)', () => {
    // Saturday 28 March 2026 12:00 CET → Monday 30 March 09:00 CEST (UTC+2) = 07:00Z, not 08:00Z.
    expect(waitAt('2026-03-28T11:00:00.000Z', { timezone: 'Europe/Berlin' })).toMatchObject({
      wait: { until: '2026-03-30T07:00:00.000Z' },
    });
  });

  it('keeps 09:00 local on the change day itself', () => {
    const sundays = { ...weekdays, days: ['sun' as const] };
    // Saturday 28 March 21:00 CET → Sunday 29 March 09:00 CEST = 07:00Z.
    const decision = executeWait(
      testContext(sundays, { now: new Date('2026-03-28T20:00:00.000Z'), timezone: 'Europe/Berlin' }),
    );
    expect(decision).toMatchObject({ wait: { until: '2026-03-29T07:00:00.000Z' } });
  });

  it('keeps 09:00 local across the autumn change in Berlin', () => {
    // Saturday 24 October 2026 18:00 CEST → Monday 26 October 09:00 CET = 08:00Z.
    expect(waitAt('2026-10-24T16:00:00.000Z', { timezone: 'Europe/Berlin' })).toMatchObject({
      wait: { until: '2026-10-26T08:00:00.000Z' },
    });
  });

  it('uses the contact’s time zone over the journey’s (New York, DST from 8 March 2026)', () => {
    // Friday 6 March 18:00 EST (23:00Z) → Monday 9 March 09:00 EDT (UTC-4) = 13:00Z.
    const contact = { id: 'c1', timezone: 'America/New_York' };
    expect(waitAt('2026-03-06T23:00:00.000Z', { contact, timezone: 'Europe/Berlin' })).toMatchObject({
      wait: { until: '2026-03-09T13:00:00.000Z' },
      reason: { details: { zone: 'America/New_York' } },
    });
  });

  it('falls back to the journey time zone when the contact’s is not a valid zone', () => {
    const contact = { id: 'c1', timezone: 'Mars/Olympus_Mons' };
    expect(waitAt('2026-03-03T06:30:00.000Z', { contact, timezone: 'Europe/Berlin' })).toMatchObject({
      wait: { until: '2026-03-03T08:00:00.000Z' },
      reason: { details: { zone: 'Europe/Berlin' } },
    });
  });

  it('rejects windows that close before they open, bad clock times and repeated days', () => {
    const closed = WaitConfig.safeParse({ ...weekdays, start: '17:00', end: '09:00' });
    expect(closed.error?.issues).toMatchObject([
      { path: ['end'], message: expect.stringContaining('close after') },
    ]);
    const clock = WaitConfig.safeParse({ ...weekdays, start: '9am' });
    expect(clock.error?.issues[0]?.message).toContain('HH:MM');
    const repeated = WaitConfig.safeParse({ ...weekdays, days: ['mon', 'mon'] });
    expect(repeated.error?.issues[0]?.path).toEqual(['days']);
  });
});
