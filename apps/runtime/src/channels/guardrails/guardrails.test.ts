import { describe, expect, it } from 'vitest';
import { decideSend } from './decideSend.js';
import { capFreesAt } from './frequencyCap.js';
import { GuardrailPolicy } from './policy.js';
import { d, input, NIGHT, NONE } from './testInputs.js';

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
