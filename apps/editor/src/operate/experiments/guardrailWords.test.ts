import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GUARDRAILS,
  settingsWords,
  thresholdWords,
  tripToShow,
  tripWords,
} from './guardrailWords.js';

const trip = {
  at: '2026-12-07T10:00:00.000Z',
  version: 3,
  action: 'paused' as const,
  metric: 'failure' as const,
  rate: 0.125,
  threshold: 0.1,
  sample: 160,
  summary: 'email failure rate 12.5% over 10% on 160 emails of v3',
};
const report = { settings: DEFAULT_GUARDRAILS, versions: [], trips: [trip] };

describe('guardrail words', () => {
  it('says what the guardrails watch', () => {
    expect(settingsWords(DEFAULT_GUARDRAILS)).toBe(
      'Pauses the journey (or sends a rollout back to 0%) when more than 2.0% of emails lead to an unsubscribe, or more than 10.0% of emails fail to send, or more than 5.0% of contacts emailed bounce or complain, once a version has sent 200 emails.',
    );
    expect(settingsWords(null)).toContain('No guardrails');
    expect(thresholdWords('unsubscribe', null)).toBe('unsubscribe rate: not watched');
  });

  it('says what tripped, the figures and what was done', () => {
    expect(tripWords(trip)).toEqual({
      what: 'The email failure rate of v3 reached 12.5%, over the 10.0% limit, on 160 emails.',
      done: 'The journey was paused: nothing already sent is sent again, and waiting contacts stay parked until it is resumed.',
    });
    expect(tripWords({ ...trip, action: 'rollout-stopped' }).done).toContain('sent back to 0%');
  });

  it('shows a pause while the journey is paused, a stopped rollout for a week, and neither once dismissed', () => {
    const now = Date.parse('2026-12-08T10:00:00.000Z');
    expect(tripToShow(report, 'paused', null, now)).toBe(trip);
    expect(tripToShow(report, 'active', null, now)).toBeNull();
    expect(tripToShow(report, 'paused', trip.at, now)).toBeNull();
    const stopped = { ...report, trips: [{ ...trip, action: 'rollout-stopped' as const }] };
    expect(tripToShow(stopped, 'active', null, now)?.action).toBe('rollout-stopped');
    expect(tripToShow(stopped, 'active', null, now + 8 * 24 * 3600_000)).toBeNull();
  });
});
