import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type DecideSendInput, decideSend } from './decideSend.js';
import { capFreesAt } from './frequencyCap.js';
import { GuardrailPolicy, type QuietHoursPolicy } from './policy.js';
import { quietHoursEnd } from './quietHours.js';

const d = (iso: string) => new Date(iso);
const NONE: GuardrailPolicy = { frequencyCap: null, quietHours: null, fatigue: null };
const NIGHT: QuietHoursPolicy = { start: '21:00', end: '08:00', timezoneFallback: 'UTC' };

function input(overrides: Partial<DecideSendInput>): DecideSendInput {
  return {
    policy: NONE,
    sendsInWindow: [],
    lastSendsOpened: [],
    now: d('2026-05-04T12:00:00Z'),
    stopMarketing: false,
    category: 'marketing',
    ...overrides,
  };
}

describe('decideSend: exemptions and stop-marketing', () => {
  const strict: GuardrailPolicy = {
    frequencyCap: { maxSends: 1, window: 'P7D', onCap: 'skip' },
    quietHours: { start: '00:00', end: '23:59', timezoneFallback: 'UTC' },
    fatigue: { noOpensInLastSends: 1, action: 'skip', slowBy: 'P1D' },
  };
  const blocked = {
    policy: strict,
    sendsInWindow: [d('2026-05-04T11:00:00Z')],
    lastSendsOpened: [false],
    stopMarketing: true,
  };

  it('lets transactional email through every guardrail', () => {
    expect(decideSend(input({ ...blocked, category: 'transactional' }))).toEqual({ action: 'send' });
  });

  it('skips marketing after a handoff that stopped marketing, before anything else', () => {
    const decision = decideSend(input(blocked));
    expect(decision).toMatchObject({ action: 'skip', reason: { code: 'stop-marketing' } });
  });

  it('sends when every guardrail is off', () => {
    expect(decideSend(input({ sendsInWindow: [d('2026-05-04T11:59:00Z')] }))).toEqual({ action: 'send' });
  });
});

describe('decideSend: frequency cap across journeys', () => {
  const cap = (onCap: 'defer' | 'skip'): GuardrailPolicy => ({
    ...NONE,
    frequencyCap: { maxSends: 2, window: 'P7D', onCap },
  });
  const sends = [d('2026-05-01T09:00:00Z'), d('2026-05-03T09:00:00Z')];

  it('sends under the cap', () => {
    expect(decideSend(input({ policy: cap('defer'), sendsInWindow: sends.slice(1) }))).toEqual({
      action: 'send',
    });
  });

  it('defers to when the oldest counted send leaves the window', () => {
    const decision = decideSend(input({ policy: cap('defer'), sendsInWindow: sends }));
    expect(decision).toMatchObject({ action: 'defer', reason: { code: 'frequency-cap' } });
    expect(decision.action === 'defer' && decision.until.toISOString()).toBe('2026-05-08T09:00:00.000Z');
  });

  it('skips at the cap when configured to', () => {
    const decision = decideSend(input({ policy: cap('skip'), sendsInWindow: sends }));
    expect(decision).toMatchObject({
      action: 'skip',
      reason: { code: 'frequency-cap', summary: 'Frequency cap reached: 2 marketing emails per P7D' },
    });
  });

  it('ignores sends older than the window', () => {
    const old = [d('2026-04-01T09:00:00Z'), d('2026-04-20T09:00:00Z'), d('2026-05-03T09:00:00Z')];
    expect(decideSend(input({ policy: cap('skip'), sendsInWindow: old }))).toEqual({ action: 'send' });
  });

  it("uses the journey's cap instead of the workspace's maxSends and window", () => {
    const journeyCap = { maxSends: 1, window: 'P1D' };
    expect(decideSend(input({ policy: cap('skip'), sendsInWindow: sends, journeyCap }))).toEqual({
      action: 'send',
    });
    const decision = decideSend(
      input({ policy: cap('defer'), sendsInWindow: [d('2026-05-04T06:00:00Z')], journeyCap }),
    );
    expect(decision.action === 'defer' && decision.until.toISOString()).toBe('2026-05-05T06:00:00.000Z');
  });

  it("ignores a journey cap whose window is not an ISO duration (the workspace's applies)", () => {
    const journeyCap = { maxSends: 10, window: 'seven days' };
    const decision = decideSend(input({ policy: cap('skip'), sendsInWindow: sends, journeyCap }));
    expect(decision).toMatchObject({
      action: 'skip',
      reason: { details: { journeyCap: false, window: 'P7D' } },
    });
  });

  it('with more sends than the cap, waits until enough have left', () => {
    const many = ['01', '02', '03', '04'].map((day) => d(`2026-05-${day}T09:00:00Z`));
    // maxSends 2: room opens when the 2nd newest (May 3rd) leaves the 7-day window
    expect(capFreesAt(many, { maxSends: 2, window: 'P7D' }, d('2026-05-04T12:00:00Z')).toISOString()).toBe(
      '2026-05-10T09:00:00.000Z',
    );
  });

  it('counts calendar windows (P1M) on the UTC calendar', () => {
    const freesAt = capFreesAt(
      [d('2026-01-31T10:00:00Z')],
      { maxSends: 1, window: 'P1M' },
      d('2026-02-10T00:00:00Z'),
    );
    expect(freesAt.toISOString()).toBe('2026-02-28T10:00:00.000Z');
  });
});

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

describe('decideSend: fatigue', () => {
  const fatigue = (action: 'slow' | 'skip'): GuardrailPolicy => ({
    ...NONE,
    fatigue: { noOpensInLastSends: 3, action, slowBy: 'P2D' },
  });

  it('skips a contact with no opens in the last K sends when configured to', () => {
    const decision = decideSend(
      input({ policy: fatigue('skip'), lastSendsOpened: [false, false, false, true] }),
    );
    expect(decision).toMatchObject({
      action: 'skip',
      reason: { code: 'fatigue', summary: 'No opens in the last 3 marketing emails' },
    });
  });

  it('is not fatigued with an open among the last K, or fewer than K sends', () => {
    expect(decideSend(input({ policy: fatigue('skip'), lastSendsOpened: [false, true, false] }))).toEqual({
      action: 'send',
    });
    expect(decideSend(input({ policy: fatigue('skip'), lastSendsOpened: [false, false] }))).toEqual({
      action: 'send',
    });
  });

  it('slows a fatigued contact to one send per slowBy after the last send', () => {
    const slow = input({
      policy: fatigue('slow'),
      lastSendsOpened: [false, false, false],
      lastSendAt: d('2026-05-03T12:00:00Z'),
    });
    const decision = decideSend(slow);
    expect(decision).toMatchObject({ action: 'defer', reason: { code: 'fatigue' } });
    expect(decision.action === 'defer' && decision.until.toISOString()).toBe('2026-05-05T12:00:00.000Z');
    expect(decideSend({ ...slow, lastSendAt: d('2026-05-01T12:00:00Z') })).toEqual({ action: 'send' });
  });
});

describe('decideSend: guardrails combined', () => {
  it('defers past the cap and then past the quiet hours it lands in', () => {
    const policy: GuardrailPolicy = {
      frequencyCap: { maxSends: 1, window: 'P1D', onCap: 'defer' },
      quietHours: NIGHT,
      fatigue: null,
    };
    // the cap frees at 23:00 UTC, inside quiet hours: the send waits until 08:00 UTC
    const decision = decideSend(input({ policy, sendsInWindow: [d('2026-05-03T23:00:00Z')] }));
    expect(decision).toMatchObject({ action: 'defer', reason: { code: 'quiet-hours' } });
    expect(decision.action === 'defer' && decision.until.toISOString()).toBe('2026-05-05T08:00:00.000Z');
    expect(decision.action === 'defer' && decision.reason.summary).toContain('Frequency cap reached');
  });

  it('a skip wins over a deferral', () => {
    const policy: GuardrailPolicy = {
      frequencyCap: { maxSends: 1, window: 'P1D', onCap: 'defer' },
      quietHours: null,
      fatigue: { noOpensInLastSends: 1, action: 'skip', slowBy: 'P1D' },
    };
    const decision = decideSend(
      input({ policy, sendsInWindow: [d('2026-05-04T10:00:00Z')], lastSendsOpened: [false] }),
    );
    expect(decision).toMatchObject({ action: 'skip', reason: { code: 'fatigue' } });
  });
});

describe('GuardrailPolicy schema', () => {
  it('names the bad field', () => {
    const result = GuardrailPolicy.safeParse({
      frequencyCap: { maxSends: 3, window: 'seven days', onCap: 'defer' },
      quietHours: { start: '25:00', end: '08:00', timezoneFallback: 'Mars/Base' },
      fatigue: null,
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['frequencyCap.window', 'quietHours.start', 'quietHours.timezoneFallback']);
  });
});
