import { type RuleOutcome, ruleMatchesEvent } from '../builtins/shared/logic.js';
import type { ContactData, JourneyData, JourneyEvent } from '../sdk/decision.js';
import type { CompiledJourney } from './compile.js';

const NO_READS: RuleOutcome = { matched: true, reads: {} };

/**
 * Whether `event` resumes a contact parked on `nodeId` (a node that decided `waitFor`): same event
 * type, and the optional `where` rule holds over `{ event, contact, journey }`. `onEvent` names
 * the output to resume along. The node is asked
 * again (executors are pure), so the graph, not the parked row, holds the rule.
 *
 * @example
 * ```ts
 * waitMatches(journey, 'wait-open', openedEvent, contact, data).matched; // true
 * ```
 */
export function waitMatches(
  journey: CompiledJourney,
  nodeId: string,
  event: JourneyEvent,
  contact: ContactData,
  data: JourneyData,
): RuleOutcome & { onEvent?: string } {
  const node = journey.nodes.get(nodeId);
  if (!node) return { matched: false, reads: {} };
  let decision: ReturnType<typeof node.definition.execute>;
  try {
    decision = node.definition.execute({
      config: node.config,
      contact,
      event,
      journey: data,
      now: new Date(event.timestamp),
      segments: {},
      timezone: journey.settings.timezone,
    });
  } catch {
    return { matched: false, reads: {} };
  }
  if (!('waitFor' in decision) || decision.waitFor.event !== event.type) return { matched: false, reads: {} };
  const onEvent = decision.onEvent;
  if (decision.waitFor.where === undefined) return { ...NO_READS, onEvent };
  return { ...ruleMatchesEvent(decision.waitFor.where, { event, contact, journey: data }), onEvent };
}

/**
 * Whether `event` is a goal conversion for this journey (settings.goal: event type and optional
 * `where` over `{ contact, event, journey }`).
 *
 * @example
 * ```ts
 * goalMatches(journey, { type: 'purchase', properties: { total: 90 }, timestamp }, contact, data).matched;
 * ```
 */
export function goalMatches(
  journey: CompiledJourney,
  event: JourneyEvent,
  contact: ContactData,
  data: JourneyData,
): RuleOutcome {
  const goal = journey.settings.goal;
  if (!goal || goal.event !== event.type) return { matched: false, reads: {} };
  if (goal.where === undefined) return NO_READS;
  return ruleMatchesEvent(goal.where, { contact, event, journey: data });
}

/**
 * The first exit rule of the journey (settings.exits) that `event` satisfies, with what its
 * `where` read; undefined when none does.
 *
 * @example
 * ```ts
 * exitMatches(journey, { type: 'subscription.cancelled', properties: {}, timestamp }, contact, data)?.label;
 * ```
 */
export function exitMatches(
  journey: CompiledJourney,
  event: JourneyEvent,
  contact: ContactData,
  data: JourneyData,
): { label: string; reads: Record<string, unknown> } | undefined {
  for (const rule of journey.settings.exits ?? []) {
    if (rule.event !== event.type) continue;
    const outcome =
      rule.where === undefined ? NO_READS : ruleMatchesEvent(rule.where, { contact, event, journey: data });
    if (outcome.matched) return { label: rule.label, reads: outcome.reads };
  }
  return undefined;
}
