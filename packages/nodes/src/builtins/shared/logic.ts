import { compileLogic, type Evaluator, type LogicRule, logicVars } from '@crossroads/graph-schema';

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

/** JSONLogic truthiness: like JavaScript's, except that an empty array is false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/**
 * Reads dotted var paths (`contact.lead_score`) from rule data, own properties only, so that
 * `__proto__` and friends read as missing. Missing values read as `null` to stay visible in
 * JSON traces.
 *
 * @example
 * ```ts
 * readPaths(['contact.lead_score'], { contact: { lead_score: 92 } }); // { 'contact.lead_score': 92 }
 * ```
 */
export function readPaths(paths: readonly string[], data: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) out[path] = readPath(path, data);
  return out;
}

function readPath(path: string, data: unknown): unknown {
  if (path === '') return data ?? null;
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return null;
    current = (current as Record<string, unknown>)[key];
  }
  return current ?? null;
}

/** The outcome of one rule, with the values it read for the audit trace. */
export interface RuleOutcome {
  matched: boolean;
  reads: Record<string, unknown>;
}

/**
 * Evaluates a JSONLogic rule and records every value it read.
 *
 * @example
 * ```ts
 * evaluateRule({ '>': [{ var: 'contact.lead_score' }, 80] }, { contact: { lead_score: 92 } });
 * // { matched: true, reads: { 'contact.lead_score': 92 } }
 * ```
 */
export function evaluateRule(rule: LogicRule, data: unknown): RuleOutcome {
  return { matched: isTruthy(evaluatorFor(rule)(data)), reads: readPaths(logicVars(rule), data) };
}
