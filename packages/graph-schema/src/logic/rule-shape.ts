/** One operation of a rule: `{"op": args}`, with a lone argument wrapped like json-logic-js does. */
export interface Operation {
  op: string;
  args: readonly unknown[];
  /** False for the short form `{"var": "a"}`: the argument then sits at the operator's own path. */
  argsAreArray: boolean;
}

/**
 * Reads a rule node as an operation, exactly as json-logic-js decides (`is_logic`): a non-array
 * object with exactly one own enumerable key. Anything else is a literal value.
 *
 * @example
 * ```ts
 * asOperation({ var: 'a' }); // { op: 'var', args: ['a'], argsAreArray: false }
 * asOperation({ a: 1, b: 2 }); // undefined: a literal object
 * ```
 */
export function asOperation(node: unknown): Operation | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const op = keys[0]!;
  const value = (node as Record<string, unknown>)[op];
  return Array.isArray(value)
    ? { op, args: value, argsAreArray: true }
    : { op, args: [value], argsAreArray: false };
}

/** Path of argument `index` inside the rule, e.g. `['and', 1]`, or `['var']` for the short form. */
export function argPath(
  at: ReadonlyArray<string | number>,
  operation: Operation,
  index: number,
): Array<string | number> {
  return operation.argsAreArray ? [...at, operation.op, index] : [...at, operation.op];
}

/** A constant `var` path (string, number, boolean) as json-logic-js splits it; undefined if computed. */
export function staticVarSegments(path: unknown): string[] | undefined {
  if (path === undefined || path === null || path === '') return [];
  if (typeof path === 'string' || typeof path === 'number' || typeof path === 'boolean') {
    return String(path).split('.');
  }
  return undefined;
}
