import { LOGIC_OPERATORS } from './operators.js';
import { argPath, asOperation, type Operation } from './rule-shape.js';

/** Whose data a `var` reads: the rule's, an array element's, or reduce's `{current, accumulator}`. */
export type DataScope = 'root' | 'element' | 'reduce';

export interface RuleNode {
  node: unknown;
  /** Where the node sits inside the rule, e.g. `['and', 1, '>', 0]`. */
  path: Array<string | number>;
  /** 1 for the rule itself; each operation or literal array adds one. */
  depth: number;
  scope: DataScope;
  /** Set when the node is an operation. */
  operation?: Operation;
}

/**
 * Visits a rule depth-first, in evaluation order. `visit` returns false to skip a node's
 * children, which is how callers bound the depth they are willing to walk.
 */
export function walkRule(rule: unknown, visit: (node: RuleNode) => boolean): void {
  const walk = (node: unknown, path: Array<string | number>, depth: number, scope: DataScope): void => {
    const operation = asOperation(node);
    const here: RuleNode = operation ? { node, path, depth, scope, operation } : { node, path, depth, scope };
    if (!visit(here)) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, [...path, i], depth + 1, scope);
      });
    } else if (operation) {
      const inner = LOGIC_OPERATORS.get(operation.op)?.scope;
      operation.args.forEach((arg, i) => {
        walk(arg, argPath(path, operation, i), depth + 1, inner && i === 1 ? inner : scope);
      });
    }
  };
  walk(rule, [], 1, 'root');
}

/**
 * The literal keys a `missing` / `missing_some` operation checks (keys computed at run time
 * are not known here). A key is a path, or `[path, default]`.
 */
export function literalMissingKeys(operation: Operation): unknown[] {
  const list =
    operation.op === 'missing'
      ? operation.args
      : operation.op === 'missing_some'
        ? operation.args[1]
        : undefined;
  if (!Array.isArray(list)) return [];
  const keys: unknown[] = Array.isArray(list[0]) ? list[0] : list;
  return keys
    .map((key) => (Array.isArray(key) ? key[0] : key))
    .filter((key) => asOperation(key) === undefined);
}
