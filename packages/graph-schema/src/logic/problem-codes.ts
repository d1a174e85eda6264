/**
 * Every problem code `validateLogic` can report, with its severity and meaning. Codes are
 * stable: clients may switch on them.
 *
 * @example
 * ```ts
 * LOGIC_PROBLEM_CODES['logic.var.unknown-root'].severity; // 'warning'
 * ```
 */
export const LOGIC_PROBLEM_CODES = {
  'logic.operator.unknown': {
    severity: 'error',
    description: 'Not a json-logic-js operator (or `method`, which is refused on purpose).',
  },
  'logic.operator.arity': {
    severity: 'error',
    description: 'Too few or too many arguments for the operator.',
  },
  'logic.depth': { severity: 'error', description: 'The rule nests deeper than LIMITS.maxLogicDepth.' },
  'logic.size': { severity: 'error', description: 'More operators and values than LIMITS.maxLogicSize.' },
  'logic.value.invalid': {
    severity: 'error',
    description: 'A value that JSON cannot hold (function, undefined, ...).',
  },
  'logic.var.unknown-root': {
    severity: 'warning',
    description: "A var/missing path whose first segment is none of the caller's roots (often a typo).",
  },
  'logic.literal.object': {
    severity: 'warning',
    description: 'An object without exactly one key: json-logic-js treats it as a value, not an operation.',
  },
} as const satisfies Record<string, { severity: 'error' | 'warning'; description: string }>;

export type LogicProblemCode = keyof typeof LOGIC_PROBLEM_CODES;
