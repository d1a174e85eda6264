import {
  type Decision,
  type ExecuteContext,
  type JourneyEvent,
  SCHEDULED_RUN_EVENT,
  SEGMENT_ENTERED_EVENT,
} from '../../sdk/decision.js';
import { evaluateRule, type RuleOutcome, ruleMatchesEvent } from '../shared/logic.js';
import type { TriggerConfig } from './config.js';
import { describeSchedule } from './describeSchedule.js';

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
 * The event types a trigger listens to: its event, or `segment.entered` for a segment trigger.
 *
 * @example
 * ```ts
 * triggerEventTypes({ on: 'segment', segment: 'hot-leads' }); // ['segment.entered']
 * ```
 */
export function triggerEventTypes(config: TriggerConfig): string[] {
  if (config.on === 'schedule') return [SCHEDULED_RUN_EVENT];
  return [config.on === 'segment' ? SEGMENT_ENTERED_EVENT : config.event];
}

/**
 * Whether an event of a type the trigger listens to enrols the contact: an event trigger's filter
 * passes, or the `segment.entered` event names the trigger's segment.
 *
 * @example
 * ```ts
 * const config = { on: 'event', event: 'page.viewed', filter: { '==': [{ var: 'event.properties.page' }, 'pricing'] } };
 * triggerEnrols(config, { type: 'page.viewed', properties: { page: 'pricing' }, timestamp }, contact); // true
 * ```
 */
export function triggerEnrols(
  config: TriggerConfig,
  event: JourneyEvent,
  contact: Record<string, unknown>,
): boolean {
  if (!triggerEventTypes(config).includes(event.type)) return false;
  if (config.on !== 'event') return event.properties.segment === config.segment;
  return config.filter === undefined || ruleMatchesEvent(config.filter, { event, contact }).matched;
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
  if (config.on === 'schedule') {
    const slot = typeof ctx.event?.properties.slot === 'string' ? ctx.event.properties.slot : null;
    const when = describeSchedule(config.schedule);
    return {
      next: 'next',
      reason: {
        summary: `Scheduled run${slot ? ` of ${slot.replace('T', ' ')}` : ''} (${when}), in segment '${config.segment}'`,
        details: { slot, segment: config.segment, schedule: config.schedule },
      },
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
