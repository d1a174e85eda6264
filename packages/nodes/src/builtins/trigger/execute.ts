import type { Decision, ExecuteContext, JourneyEvent } from '../../sdk/decision.js';
import { evaluateRule, type RuleOutcome } from '../shared/logic.js';
import { SEGMENT_ENTERED_EVENT, type TriggerConfig } from './config.js';

/** Data the trigger filter sees: only the event and the contact (nothing is enrolled yet). */
function filterOutcome(
  config: Extract<TriggerConfig, { on: 'event' }>,
  event: JourneyEvent | null,
  contact: Record<string, unknown>,
): RuleOutcome {
  if (config.filter === undefined) return { matched: true, reads: {} };
  return evaluateRule(config.filter, { event, contact });
}

/**
 * Whether an incoming event enrols the contact. Event triggers match on type and filter; segment
 * triggers match the runtime's `segment.entered` event for their segment.
 *
 * @example
 * ```ts
 * const config = { on: 'event', event: 'page.viewed', filter: { '==': [{ var: 'event.properties.page' }, 'pricing'] } };
 * triggerMatches(config, { type: 'page.viewed', properties: { page: 'pricing' }, timestamp }, contact); // true
 * ```
 */
export function triggerMatches(
  config: TriggerConfig,
  event: JourneyEvent,
  contact: Record<string, unknown>,
): boolean {
  if (!triggerListensTo(config, event.type)) return false;
  if (config.on === 'segment') return event.properties.segment === config.segment;
  return filterOutcome(config, event, contact).matched;
}

/**
 * Whether a trigger can match events of this type at all, before its filter (which may read the
 * contact) is asked: ingestion reads contacts only for events something listens to.
 *
 * @example
 * triggerListensTo({ on: 'event', event: 'page.viewed' }, 'email.opened'); // false
 */
export function triggerListensTo(config: TriggerConfig, type: string): boolean {
  return config.on === 'segment' ? type === SEGMENT_ENTERED_EVENT : config.event === type;
}

/** Passes an enrolled contact on, or exits them when the event does not pass the filter. */
export function executeTrigger(ctx: ExecuteContext<TriggerConfig>): Decision {
  const { config } = ctx;
  if (config.on === 'segment') {
    return {
      next: 'next',
      reason: { summary: `Entered segment '${config.segment}'`, details: { segment: config.segment } },
    };
  }
  const { matched, reads } = filterOutcome(config, ctx.event, ctx.contact);
  const details = { event: ctx.event?.type ?? null, filter: config.filter, reads };
  if (!matched) {
    return {
      exit: 'filtered',
      reason: { summary: `${config.event} did not pass the trigger filter`, details },
    };
  }
  return { next: 'next', reason: { summary: `Started by ${config.event}`, details } };
}
