/** How many arguments an operator takes, and how its arguments see the data. */
export interface OperatorSpec {
  minArgs: number;
  maxArgs: number;
  /**
   * `element`: the second argument runs once per array element, with the element as its data
   * (map, filter, all, none, some). `reduce`: it runs with `{ current, accumulator }`.
   */
  scope?: 'element' | 'reduce';
}

const ANY = Number.POSITIVE_INFINITY;
const spec = (minArgs: number, maxArgs: number, scope?: OperatorSpec['scope']): OperatorSpec =>
  scope ? { minArgs, maxArgs, scope } : { minArgs, maxArgs };

/**
 * The operators of json-logic-js 2.0.5, minus `method` (it calls arbitrary methods on data).
 * Arity is stricter than json-logic-js, which silently ignores extra arguments and reads missing
 * ones as `undefined`: a rule such as `{">": [1]}` is almost certainly a mistake.
 *
 * @example
 * ```ts
 * LOGIC_OPERATORS.get('substr'); // { minArgs: 2, maxArgs: 3 }
 * [...LOGIC_OPERATORS.keys()]; // for an editor's autocompletion
 * ```
 */
export const LOGIC_OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map([
  ['var', spec(0, 2)],
  ['missing', spec(0, ANY)],
  ['missing_some', spec(2, 2)],
  ['if', spec(0, ANY)],
  ['?:', spec(3, 3)],
  ['and', spec(1, ANY)],
  ['or', spec(1, ANY)],
  ['!', spec(1, 1)],
  ['!!', spec(1, 1)],
  ['==', spec(2, 2)],
  ['===', spec(2, 2)],
  ['!=', spec(2, 2)],
  ['!==', spec(2, 2)],
  ['>', spec(2, 2)],
  ['>=', spec(2, 2)],
  ['<', spec(2, 3)],
  ['<=', spec(2, 3)],
  ['+', spec(0, ANY)],
  ['-', spec(1, 2)],
  ['*', spec(1, ANY)],
  ['/', spec(2, 2)],
  ['%', spec(2, 2)],
  ['min', spec(1, ANY)],
  ['max', spec(1, ANY)],
  ['cat', spec(0, ANY)],
  ['substr', spec(2, 3)],
  ['in', spec(2, 2)],
  ['merge', spec(0, ANY)],
  ['log', spec(1, 1)],
  ['map', spec(2, 2, 'element')],
  ['filter', spec(2, 2, 'element')],
  ['all', spec(2, 2, 'element')],
  ['none', spec(2, 2, 'element')],
  ['some', spec(2, 2, 'element')],
  ['reduce', spec(2, 3, 'reduce')],
]);
