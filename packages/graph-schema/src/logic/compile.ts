import { Generator } from './generator.js';
import { RUNTIME, resetLogicWork } from './runtime.js';
import { TEMPLATES } from './templates.js';
import { type LogicProblem, validateLogic } from './validate.js';

/** A compiled rule: give it the data, get json-logic-js's answer. */
export type Evaluator = (data: unknown) => unknown;

/**
 * Thrown by `compileLogic` for a rule with errors; `problems` lists them all.
 *
 * @example
 * ```ts
 * try { compileLogic({ frob: [] }); } catch (e) { if (e instanceof LogicRuleError) e.problems[0].code; } // 'logic.operator.unknown'
 * ```
 */
export class LogicRuleError extends Error {
  constructor(readonly problems: LogicProblem[]) {
    super(`invalid JSONLogic rule: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'LogicRuleError';
  }
}

/**
 * Compiles a rule once into a fast evaluator with json-logic-js 2.0.5's semantics. Throws a
 * `LogicRuleError` naming every error `validateLogic` finds, so hostile rules never run. An
 * evaluation that does more than LOGIC_WORK_LIMIT units of work on its data throws
 * `LogicLimitError`, so no rule holds the event loop on huge arrays.
 *
 * @example
 * ```ts
 * const isHot = compileLogic({ '>': [{ var: 'contact.lead_score' }, 80] });
 * isHot({ contact: { lead_score: 92 } }); // true
 * ```
 */
export function compileLogic(rule: unknown): Evaluator {
  const errors = validateLogic(rule).filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new LogicRuleError(errors);
  const generator = new Generator(TEMPLATES);
  const source = generator.program(rule);
  // Safe: `source` holds only templates, helper names and constant indices (see Generator).
  const factory = new Function('c', 'h', source) as (
    constants: unknown[],
    helpers: typeof RUNTIME,
  ) => Evaluator;
  const evaluate = factory(generator.constants, RUNTIME);
  // Every evaluation starts with the whole work limit (runtime.ts, LOGIC_WORK_LIMIT).
  return (data) => {
    resetLogicWork();
    return evaluate(data);
  };
}

/**
 * The generated source of a rule (not validated), for tests and for reading what the compiler does.
 *
 * @example
 * ```ts
 * compiledLogicSource({ '>': [{ var: 'score' }, 80] }); // '"use strict"; ... const k0 = c[0], k1 = c[1]; ...'
 * ```
 */
export function compiledLogicSource(rule: unknown): string {
  return new Generator(TEMPLATES).program(rule);
}
