import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileLogic } from './compile.js';
import { LOGIC_OPERATORS } from './operators.js';
import { readVar } from './read-var.js';

/**
 * Property test: on random rules and data, the compiled evaluator agrees with json-logic-js 2.0.5
 * (same value, same throw/no-throw, same `log` output). One documented difference is counted
 * instead of compared: json-logic-js evaluates objects found in data as rules inside `missing`
 * and `missing_some`, which fails with "Unrecognized operation" for data keys that are not operators.
 */

type JsonLogic = {
  apply(rule: unknown, data?: unknown): unknown;
  add_operation(name: string, fn: unknown): void;
};
const require = createRequire(import.meta.url);
const loadJsonLogic = (): JsonLogic => {
  delete require.cache[require.resolve('json-logic-js')];
  return require('json-logic-js') as JsonLogic;
};
const jsonLogic = loadJsonLogic();

const KEYS = ['a', 'b', 'x', 'items', 'list', 's', 'n', 'flag'];
const STRINGS = ['', 'a', 'b', 'abc', '0', '1', '2.5', '-1', 'SaaS', ' ', 'a.b', 'true', 'null', '1,2', 'x'];
const PATHS = [
  ...['a', 'b', 'x', 'a.b', 'a.b.c', 'a.x', 'items', 'items.0', 'items.1', 'items.0.x', 'list', 'list.0'],
  ...['list.length', 's', 's.0', 's.length', 'n', 'flag', 'current', 'accumulator', 'current.x', 'nope', ''],
  ...[0, 1, '1.x', 'a.nope.deeper', 'a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a'],
];

const number = fc.oneof(fc.integer({ min: -5, max: 12 }), fc.constantFrom(0, -0, 0.5, -2.5, 1e21, 100));
const primitive = fc.oneof(fc.constant(null), fc.boolean(), number, fc.constantFrom(...STRINGS));

const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    { arbitrary: primitive, weight: 4 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }), weight: 1 },
  ),
}));
const data = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom(...KEYS), jsonValue, { maxKeys: 6 }), weight: 6 },
  { arbitrary: jsonValue, weight: 1 },
);

/** Random rules over the given operators and var paths, with valid arity. */
function rules(operators: readonly string[], paths: ReadonlyArray<string | number>) {
  return fc.letrec((tie) => {
    const rule = tie('rule');
    const path = fc.oneof(
      { arbitrary: fc.constantFrom(...paths), weight: 5 },
      { arbitrary: rule, weight: 1 },
    );
    const varRule = fc.oneof(
      path.filter((p) => !Array.isArray(p)).map((p) => ({ var: p })),
      path.map((p) => ({ var: [p] })),
      fc.tuple(path, rule).map((args) => ({ var: args })),
    );
    const operation = fc.constantFrom(...operators).chain((op) => {
      const { minArgs, maxArgs } = LOGIC_OPERATORS.get(op)!;
      const args = fc.array(rule, { minLength: minArgs, maxLength: Math.min(maxArgs, minArgs + 3) });
      return fc.tuple(args, fc.boolean()).map(([list, short]) =>
        // The short form {"op": arg} for one non-array argument.
        short && list.length === 1 && !Array.isArray(list[0]) ? { [op]: list[0] } : { [op]: list },
      );
    });
    // More arguments than INLINE_ARGS: these operators then loop in helpers instead of inline code.
    const wide = fc
      .tuple(
        fc.constantFrom('and', 'or', 'if', '+', '*', 'cat'),
        fc.array(rule, { minLength: 17, maxLength: 20 }),
      )
      .filter(([op]) => operators.includes(op))
      .map(([op, args]) => ({ [op]: args }));
    return {
      rule: fc.oneof(
        { depthSize: 'small', maxDepth: 5, withCrossShrink: true },
        { arbitrary: primitive, weight: 3 },
        { arbitrary: varRule, weight: 4 },
        { arbitrary: operation, weight: 5 },
        { arbitrary: wide, weight: 1 },
        { arbitrary: fc.array(rule, { maxLength: 3 }), weight: 1 },
        { arbitrary: fc.constantFrom({}, { a: 1, b: [2] }), weight: 1 },
      ),
    };
  }).rule;
}

/** Deep equality that tells 0 from -0 and takes NaN as equal to itself. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a && b && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && same((a as never)[k], (b as never)[k]))
    );
  }
  return false;
}

type Outcome = { value?: unknown; error?: string; logs: unknown[][] };

function run(evaluate: () => unknown, logs: unknown[][]): Outcome {
  logs.length = 0;
  try {
    const value = evaluate();
    return { value, logs: [...logs] };
  } catch (error) {
    return { error: String(error), logs: [...logs] };
  }
}

/** Compares one case; returns 'data-as-logic' for the documented difference. */
function compare(
  oracle: JsonLogic,
  rule: unknown,
  input: unknown,
  logs: unknown[][],
): 'same' | 'data-as-logic' {
  const theirs = run(() => oracle.apply(rule, input), logs);
  const evaluate = compileLogic(rule);
  const ours = run(() => evaluate(input), logs);
  if (theirs.error?.startsWith('Error: Unrecognized operation')) {
    expect(JSON.stringify(rule)).toMatch(/"missing(_some)?"/);
    return 'data-as-logic';
  }
  const context = JSON.stringify({ rule, input, ours, theirs });
  expect(ours.error === undefined, context).toBe(theirs.error === undefined);
  expect(same(ours.value, theirs.value), context).toBe(true);
  expect(same(ours.logs, theirs.logs), context).toBe(true);
  return 'same';
}

const SUPPORTED = [...LOGIC_OPERATORS.keys()];
/** Raise with LOGIC_PROPERTY_RUNS=500000 for a deeper local search. */
const RUNS = Number(process.env.LOGIC_PROPERTY_RUNS ?? 20_000);

describe('compileLogic agrees with json-logic-js', () => {
  const logs: unknown[][] = [];
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
  });
  afterEach(() => vi.restoreAllMocks());

  it(`on ${RUNS} random rules and data`, { timeout: Math.max(30_000, RUNS) }, () => {
    const counts = { same: 0, 'data-as-logic': 0 };
    fc.assert(
      fc.property(rules(SUPPORTED, PATHS), data, (rule, input) => {
        counts[compare(jsonLogic, rule, input, logs)]++;
      }),
      { numRuns: RUNS },
    );
    expect(counts.same + counts['data-as-logic']).toBe(RUNS);
    if (process.env.LOGIC_PROPERTY_STATS) console.info(counts);
    // The difference must stay rare, or the generator is not testing much.
    expect(counts['data-as-logic']).toBeLessThan(RUNS / 50);
  });

  it('on paths through inherited names, against json-logic-js whose var reads own properties only', () => {
    const ownOnly = loadJsonLogic();
    ownOnly.add_operation('var', function (this: unknown, path: unknown, fallback: unknown) {
      return readVar(this, path, fallback);
    });
    const hostile = [
      ...PATHS,
      '__proto__',
      'constructor',
      'a.constructor.name',
      'toString',
      's.toString',
      'prototype',
    ];
    hostile.push('list.map', 'a.__proto__.x', 'hasOwnProperty', 'valueOf');
    fc.assert(
      fc.property(
        rules(['var', 'missing', 'missing_some', 'if', 'and', 'or', '==', 'cat', 'map'], hostile),
        data,
        (rule, input) => {
          compare(ownOnly, rule, input, logs);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
