import type { GuardrailPolicy } from '@crossroads/api';

// The policy's shape is the HTTP contract's (`@crossroads/api`), which only accepts durations and
// zones luxon reads here (checked in http/contract.test.ts).
export {
  FatiguePolicy,
  FrequencyCapPolicy,
  GuardrailPolicy,
  PolicyDuration,
  QuietHoursPolicy,
} from '@crossroads/api';

/**
 * Defaults when a workspace has set nothing: a frequency cap only. Quiet hours and fatigue are
 * opt-in, so a newcomer's first journey is not silently deferred overnight or slowed because the
 * local catcher never records opens.
 */
export const DEFAULT_GUARDRAILS: GuardrailPolicy = {
  frequencyCap: { maxSends: 5, window: 'P7D', onCap: 'defer' },
  quietHours: null,
  fatigue: null,
};
