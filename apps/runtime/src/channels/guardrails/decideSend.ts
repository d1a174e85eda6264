import { DateTime, Duration } from 'luxon';
import { capFreesAt, effectiveCap } from './frequencyCap.js';
import type { GuardrailPolicy } from './policy.js';
import { quietHoursEnd, quietHoursZone } from './quietHours.js';

export type GuardrailCode = 'frequency-cap' | 'quiet-hours' | 'fatigue' | 'stop-marketing';

/** Why a send was deferred or skipped: goes into the contact's trace. */
export interface GuardrailReason {
  code: GuardrailCode;
  summary: string;
  details?: Record<string, unknown>;
}

export type SendDecision =
  | { action: 'send' }
  | { action: 'defer'; until: Date; reason: GuardrailReason }
  | { action: 'skip'; reason: GuardrailReason };

export interface DecideSendInput {
  policy: GuardrailPolicy;
  /** The journey's own cap (graph settings.frequencyCap); replaces the workspace's maxSends/window. */
  journeyCap?: { maxSends: number; window: string } | undefined;
  /** When earlier marketing emails went to this contact, across all journeys (at least the cap window). */
  sendsInWindow: readonly Date[];
  /** Whether each of the contact's latest marketing sends was opened, newest first. */
  lastSendsOpened: readonly boolean[];
  /** When the newest marketing send went out (fatigue `slow` spaces sends from it). */
  lastSendAt?: Date | undefined;
  /** The contact's `timezone` attribute, if any (invalid zones fall back). */
  contactTimezone?: unknown;
  now: Date;
  /** A sales handoff asked to stop marketing to this contact. */
  stopMarketing: boolean;
  category: 'marketing' | 'transactional';
}

const iso = (date: Date) => date.toISOString();

/**
 * Applies the workspace's guardrails to one email. Transactional email always passes (suppression
 * is checked separately and applies to it too). Skips win over deferrals; deferrals combine: the
 * send waits for the latest of the cap's window freeing up and fatigue spacing, then for the end of
 * quiet hours in the contact's time zone. Each constraint only gets easier as time passes, so the
 * instant returned satisfies all of them.
 *
 * @example
 * ```ts
 * decideSend({
 *   policy: { frequencyCap: { maxSends: 1, window: 'P1D', onCap: 'skip' }, quietHours: null, fatigue: null },
 *   sendsInWindow: [new Date('2026-05-01T09:00:00Z')], lastSendsOpened: [true],
 *   now: new Date('2026-05-01T12:00:00Z'), stopMarketing: false, category: 'marketing',
 * }); // { action: 'skip', reason: { code: 'frequency-cap', summary: 'Frequency cap reached: 1 marketing email per P1D' } }
 * ```
 */
export function decideSend(input: DecideSendInput): SendDecision {
  if (input.category === 'transactional') return { action: 'send' };
  if (input.stopMarketing) {
    return {
      action: 'skip',
      reason: { code: 'stop-marketing', summary: 'A sales handoff stopped marketing email to this contact' },
    };
  }
  const { policy, now } = input;
  let until = now;
  let binding: GuardrailReason | undefined;
  const later = (candidate: Date, reason: GuardrailReason) => {
    if (candidate.getTime() > until.getTime()) {
      until = candidate;
      binding = reason;
    }
  };

  const cap = effectiveCap(policy, input.journeyCap);
  if (cap) {
    const freesAt = capFreesAt(input.sendsInWindow, cap, now);
    if (freesAt.getTime() > now.getTime()) {
      const plural = cap.maxSends === 1 ? 'email' : 'emails';
      const summary = `Frequency cap reached: ${cap.maxSends} marketing ${plural} per ${cap.window}`;
      const details = { maxSends: cap.maxSends, window: cap.window, journeyCap: cap.fromJourney };
      if (cap.onCap === 'skip')
        return { action: 'skip', reason: { code: 'frequency-cap', summary, details } };
      later(freesAt, { code: 'frequency-cap', summary: `${summary}; deferred to ${iso(freesAt)}`, details });
    }
  }

  const fatigue = policy.fatigue;
  if (fatigue) {
    const recent = input.lastSendsOpened.slice(0, fatigue.noOpensInLastSends);
    const fatigued = recent.length >= fatigue.noOpensInLastSends && !recent.some(Boolean);
    if (fatigued) {
      const summary = `No opens in the last ${fatigue.noOpensInLastSends} marketing emails`;
      if (fatigue.action === 'skip') return { action: 'skip', reason: { code: 'fatigue', summary } };
      if (input.lastSendAt) {
        const spaced = DateTime.fromJSDate(input.lastSendAt, { zone: 'utc' })
          .plus(Duration.fromISO(fatigue.slowBy))
          .toJSDate();
        later(spaced, {
          code: 'fatigue',
          summary: `${summary}: slowed to one per ${fatigue.slowBy}; deferred to ${iso(spaced)}`,
          details: { slowBy: fatigue.slowBy, lastSendAt: iso(input.lastSendAt) },
        });
      }
    }
  }

  if (policy.quietHours) {
    const zone = quietHoursZone(input.contactTimezone, policy.quietHours);
    const quietUntil = quietHoursEnd(until, policy.quietHours, zone);
    if (quietUntil) {
      const { start, end } = policy.quietHours;
      const earlier = binding ? ` (after: ${binding.summary})` : '';
      later(quietUntil, {
        code: 'quiet-hours',
        summary: `Quiet hours ${start}–${end} in ${zone}; deferred to ${iso(quietUntil)}${earlier}`,
        details: { zone, start, end },
      });
    }
  }

  return binding ? { action: 'defer', until, reason: binding } : { action: 'send' };
}
