import type { DecideSendInput } from './decideSend.js';
import type { GuardrailPolicy, QuietHoursPolicy } from './policy.js';

/** Inputs shared by the guardrail tests. */
export const d = (iso: string) => new Date(iso);
export const NONE: GuardrailPolicy = { frequencyCap: null, quietHours: null, fatigue: null };
export const NIGHT: QuietHoursPolicy = { start: '21:00', end: '08:00', timezoneFallback: 'UTC' };

export function input(overrides: Partial<DecideSendInput>): DecideSendInput {
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
