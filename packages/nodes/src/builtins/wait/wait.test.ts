import { describe, expect, it } from 'vitest';
import { testContext } from '../../testing/context.js';
import { WaitConfig } from './config.js';
import { waitNode } from './definition.js';
import { executeWait } from './execute.js';

const now = new Date('2026-03-02T10:00:00.000Z');

describe('wait: duration', () => {
  it('parks the contact until now plus the duration', () => {
    const short = executeWait(testContext(WaitConfig.parse({ mode: 'duration', duration: 'PT2S' }), { now }));
    expect(short).toMatchObject({ wait: { until: '2026-03-02T10:00:02.000Z' }, next: 'next' });
    const days = executeWait(testContext(WaitConfig.parse({ mode: 'duration', duration: 'P3D' }), { now }));
    expect(days).toMatchObject({ wait: { until: '2026-03-05T10:00:00.000Z' }, next: 'next' });
  });

  it.each([
    ['bogus', 'is not an ISO-8601 duration'],
    ['P0D', 'longer than zero'],
    ['PT-1S', 'longer than zero'],
    ['P2Y', 'longer than one year'],
    ['P366D', 'longer than one year'],
  ])('rejects %s (%s)', (duration, message) => {
    const result = WaitConfig.safeParse({ mode: 'duration', duration });
    expect(result.error?.issues).toMatchObject([
      { path: ['duration'], message: expect.stringContaining(message) },
    ]);
  });

  it('accepts exactly one year', () => {
    expect(WaitConfig.safeParse({ mode: 'duration', duration: 'P1Y' }).success).toBe(true);
  });
});

describe('wait: event', () => {
  const config = WaitConfig.parse({
    mode: 'event',
    event: 'email.opened',
    where: { '==': [{ var: 'event.properties.campaign' }, 'pricing'] },
    timeout: 'P2D',
  });

  it('waits for the event with its condition, or the timeout', () => {
    expect(executeWait(testContext(config, { now }))).toMatchObject({
      waitFor: { event: 'email.opened', where: { '==': [{ var: 'event.properties.campaign' }, 'pricing'] } },
      onEvent: 'event',
      onTimeout: 'timeout',
    });
    const decision = executeWait(testContext(config, { now }));
    expect('waitFor' in decision && decision.waitFor.timeoutAt).toBe('2026-03-04T10:00:00.000Z');
  });

  it('omits where when there is no condition', () => {
    const bare = WaitConfig.parse({ mode: 'event', event: 'email.replied', timeout: 'P3D' });
    const decision = executeWait(testContext(bare, { now }));
    expect('waitFor' in decision && Object.keys(decision.waitFor)).toEqual(['event', 'timeoutAt']);
  });

  it('has event and timeout outputs and exposes the condition over event and contact', () => {
    expect(waitNode.outputsFor(config).map((o) => o.id)).toEqual(['event', 'timeout']);
    expect(waitNode.logicFields?.(config)).toMatchObject([{ path: ['where'], roots: ['event', 'contact'] }]);
  });

  it('requires a valid timeout', () => {
    const result = WaitConfig.safeParse({ mode: 'event', event: 'email.opened', timeout: 'two days' });
    expect(result.error?.issues[0]?.path).toEqual(['timeout']);
  });
});

describe('wait: summaries', () => {
  it.each([
    [{ mode: 'duration', duration: 'P3D' }, 'Wait 3 days'],
    [{ mode: 'duration', duration: 'PT2S' }, 'Wait 2 seconds'],
    [{ mode: 'event', event: 'email.opened', timeout: 'P2D' }, 'Wait up to 2 days for email.opened'],
    [
      { mode: 'until', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
      'Wait until Mon–Fri 09:00–17:00',
    ],
    [
      { mode: 'until', days: ['sat', 'mon', 'wed'], start: '10:00', end: '12:00' },
      'Wait until Mon, Wed, Sat 10:00–12:00',
    ],
    [
      {
        mode: 'until',
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        start: '08:00',
        end: '20:00',
      },
      'Wait until every day 08:00–20:00',
    ],
  ])('%j reads "%s"', (config, summary) => {
    expect(waitNode.summary?.(WaitConfig.parse(config))).toBe(summary);
  });

  it('has a single next output for duration and window waits', () => {
    expect(waitNode.outputsFor(WaitConfig.parse({ mode: 'duration', duration: 'P1D' }))).toEqual([
      { id: 'next', label: 'Next' },
    ]);
  });
});
