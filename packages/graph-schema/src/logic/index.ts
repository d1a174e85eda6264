/**
 * The JSONLogic engine: json-logic-js 2.0.5's semantics, compiled.
 *
 * Design: `validateLogic` walks the rule first (known operators, arity, depth and size limits
 * from `LIMITS`); `compileLogic` then generates one JavaScript function per rule (plus one per
 * map/filter/reduce body) with `new Function`. The generated source only ever contains operator
 * templates (templates.ts, var-template.ts), helper names (runtime.ts) and indices into a
 * constants table: strings, numbers and objects from the rule never become source text. `var`
 * reads own properties only, so `__proto__`, `constructor` and other inherited names read as
 * missing. Quirks of json-logic-js (empty arrays are falsy, `and`/`or` return the deciding
 * value, `*` with one argument returns it untouched, ...) are reproduced and checked against
 * json-logic-js by a property test.
 *
 * Known differences from json-logic-js: unknown operators and bad arity are refused at compile
 * time (json-logic-js fails only when the branch runs, or ignores extra arguments); inherited
 * properties read as missing; `missing` / `missing_some` never evaluate data as a rule
 * (json-logic-js would run `{"var": ...}` objects found in the data it is checking).
 *
 * @example
 * ```ts
 * const rule = { and: [{ '>': [{ var: 'contact.lead_score' }, 80] }, { in: [{ var: 'event.page' }, ['pricing']] }] };
 * validateLogic(rule, { roots: ['contact', 'event'] }); // []
 * const matches = compileLogic(rule);
 * const data = { contact: { lead_score: 92 }, event: { page: 'pricing' } };
 * matches(data); // true
 * readVars(logicVars(rule), data); // { 'contact.lead_score': 92, 'event.page': 'pricing' }
 * ```
 */
export { compiledLogicSource, compileLogic, type Evaluator, LogicRuleError } from './compile.js';
export { LOGIC_OPERATORS, type OperatorSpec as LogicOperatorSpec } from './operators.js';
export { LOGIC_PROBLEM_CODES, type LogicProblemCode } from './problem-codes.js';
export { readVar, readVars } from './read-var.js';
export {
  clockOf,
  dayNumber,
  daysAgo,
  daysUntil,
  MONTH_STARTS,
  nextCheck,
  type RuleClock,
} from './relativeTime.js';
export { truthy as isLogicTruthy } from './runtime.js';
export { type LogicProblem, type ValidateLogicOptions, validateLogic } from './validate.js';
export { logicVars } from './vars.js';
