import {
  compileLogic,
  type Evaluator,
  type LogicRule,
  logicVars,
  readVars,
  isLogicTruthy as truthy,
} from '@crossroads/graph-schema';

/** Compiled evaluators, keyed by the rule object: a parsed config is reused across contacts. */
const compiled = new WeakMap<object, Evaluator>();

function evaluatorFor(rule: LogicRule): Evaluator {
  if (typeof rule !== 'object' || rule === null) return compileLogic(rule);
  let evaluate = compiled.get(rule);
  if (!evaluate) {
    evaluate = compileLogic(rule);
    compiled.set(rule, evaluate);
  }
  return evaluate;
}

/** The outcome of one rule, with the values it read for the audit trace. */
export interface RuleOutcome {
  matched: boolean;
  /** Each path the rule reads → its value (`null` when missing, so it shows in JSON traces). */
  reads: Record<string, unknown>;
}

/**
 * Evaluates a JSONLogic rule (JSONLogic truthiness) and records every value it read.
 *
 * @example
 * ```ts
 * evaluateRule({ '>': [{ var: 'contact.lead_score' }, 80] }, { contact: { lead_score: 92 } });
 * // { matched: true, reads: { 'contact.lead_score': 92 } }
 * ```
 */
export function evaluateRule(rule: LogicRule, data: unknown): RuleOutcome {
  return { matched: truthy(evaluatorFor(rule)(data)), reads: readVars(logicVars(rule), data) };
}

/**
 * `evaluateRule` for deciding what an incoming event does (enrol, resume, convert, enter a
 * segment): a rule that fails on the event's data (a json-logic-js quirk that throws, or the work
 * limit on a huge list) does not match, so one event cannot fail the request that carried it, or
 * its whole batch. In a walk the same failure is the node's (its step records the message).
 *
 * @example
 * ```ts
 * ruleMatchesEvent({ in: ['x', { var: 'event.tags' }] }, { event: { tags: { indexOf: 1 } } }).matched; // false
 * ```
 */
export function ruleMatchesEvent(rule: LogicRule, data: unknown): RuleOutcome & { error?: string } {
  try {
    return evaluateRule(rule, data);
  } catch (error) {
    return { matched: false, reads: {}, error: error instanceof Error ? error.message : String(error) };
  }
}
