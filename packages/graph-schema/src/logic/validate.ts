import { LIMITS } from '../graph.js';
import { formatPath } from '../problems.js';
import { LOGIC_OPERATORS, type OperatorSpec } from './operators.js';
import { LOGIC_PROBLEM_CODES, type LogicProblemCode } from './problem-codes.js';
import { staticVarSegments } from './rule-shape.js';
import { literalMissingKeys, type RuleNode, walkRule } from './walk.js';

/** One thing wrong with a rule. */
export interface LogicProblem {
  /** Stable code, one of LOGIC_PROBLEM_CODES. */
  code: string;
  severity: 'error' | 'warning';
  /** Path inside the rule, e.g. ['and', 1, '>', 0]. */
  path: Array<string | number>;
  message: string;
}

export interface ValidateLogicOptions {
  /** Known data roots for `var` paths (unknown roots are a warning). */
  roots?: readonly string[];
}

/** The data reduce's body sees, whatever roots the caller has. */
const REDUCE_ROOTS: ReadonlySet<string> = new Set(['current', 'accumulator']);

/**
 * Every problem in a rule: unknown operators, wrong argument counts, values that are not JSON,
 * rules deeper than `LIMITS.maxLogicDepth` or larger than `LIMITS.maxLogicSize` (all errors), and
 * `var` paths outside `roots` or objects that are not operations (warnings). Returns results, never
 * throws; `compileLogic` refuses rules with errors.
 *
 * @example
 * ```ts
 * validateLogic({ and: [{ '>': [{ var: 'contat.score' }, 1] }, { frob: [] }] }, { roots: ['contact'] });
 * // [{ code: 'logic.var.unknown-root', severity: 'warning', path: ['and', 0, '>', 0, 'var'], ... },
 * //  { code: 'logic.operator.unknown', severity: 'error', path: ['and', 1, 'frob'], ... }]
 * ```
 */
export function validateLogic(rule: unknown, options: ValidateLogicOptions = {}): LogicProblem[] {
  const problems: LogicProblem[] = [];
  const report = (code: LogicProblemCode, path: LogicProblem['path'], text: string) => {
    const { severity } = LOGIC_PROBLEM_CODES[code];
    problems.push({ code, severity, path, message: `${text} (at ${where(path)})` });
  };
  const roots = options.roots ? new Set(options.roots) : undefined;
  let size = 0;
  let tooDeep = false;

  walkRule(rule, (at) => {
    if (++size > LIMITS.maxLogicSize) {
      if (size === LIMITS.maxLogicSize + 1) {
        report('logic.size', at.path, `the rule has more than ${LIMITS.maxLogicSize} operators and values`);
      }
      return false;
    }
    if (at.depth > LIMITS.maxLogicDepth) {
      if (!tooDeep)
        report('logic.depth', at.path, `the rule nests deeper than ${LIMITS.maxLogicDepth} levels`);
      tooDeep = true;
      return false;
    }
    const { node, operation } = at;
    if (!isJsonType(node)) {
      report('logic.value.invalid', at.path, `${typeof node} is not a JSON value`);
      return false;
    }
    if (!operation) {
      if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
        const count = Object.keys(node).length;
        report(
          'logic.literal.object',
          at.path,
          `an object with ${count} keys is not an operation; it is used as a plain value`,
        );
      }
      return true;
    }
    const opPath = [...at.path, operation.op];
    const spec = LOGIC_OPERATORS.get(operation.op);
    if (!spec) {
      const why =
        operation.op === 'method' ? ' ("method" is not supported: it would call functions on data)' : '';
      report('logic.operator.unknown', opPath, `unknown operator "${operation.op}"${why}`);
      return true;
    }
    const count = operation.args.length;
    if (count < spec.minArgs || count > spec.maxArgs) {
      report('logic.operator.arity', opPath, `"${operation.op}" takes ${arity(spec)}, got ${count}`);
    }
    checkRoots(
      at,
      at.scope === 'reduce' ? REDUCE_ROOTS : at.scope === 'root' ? roots : undefined,
      (path, text) => report('logic.var.unknown-root', path, text),
    );
    return true;
  });
  return problems;
}

/** Warns about `var` / `missing` paths whose first segment is not a known root. */
function checkRoots(
  at: RuleNode,
  roots: ReadonlySet<string> | undefined,
  warn: (path: Array<string | number>, text: string) => void,
): void {
  const operation = at.operation!;
  if (!roots) return;
  const paths = operation.op === 'var' ? operation.args.slice(0, 1) : literalMissingKeys(operation);
  for (const path of paths) {
    const first = staticVarSegments(path)?.[0];
    if (first === undefined || roots.has(first)) continue;
    const known = [...roots].join(', ');
    warn(
      [...at.path, operation.op],
      `"${String(path)}" reads "${first}", which is none of the known data: ${known}`,
    );
  }
}

const isJsonType = (node: unknown): boolean =>
  node === null || ['string', 'number', 'boolean', 'object'].includes(typeof node);

const where = (path: ReadonlyArray<string | number>): string =>
  path.length ? formatPath(path) : 'the rule itself';

function arity(spec: OperatorSpec): string {
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (spec.minArgs === spec.maxArgs) return `${spec.minArgs} ${plural(spec.minArgs)}`;
  if (spec.maxArgs === Number.POSITIVE_INFINITY) return `at least ${spec.minArgs} ${plural(spec.minArgs)}`;
  return `${spec.minArgs} to ${spec.maxArgs} arguments`;
}
