import { fieldLabel } from './fieldLabel.js';
import type { Condition, FieldType, RuleNode, Scalar } from './model.js';
import { operatorWords } from './operators.js';
import { isComplete } from './toLogic.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : String(v));

function list(values: readonly Scalar[], last: 'or' | 'and'): string {
  const parts = values.map(text);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${last} ${parts.at(-1)}`;
}

function describeCondition(
  c: Condition,
  typeOf: (path: string) => FieldType,
  labelOf: (path: string) => string,
): string {
  const path = c.field?.path ?? '';
  const words = operatorWords(c.op, typeOf(path));
  const head = `${labelOf(path)} ${words}`;
  const v = c.value;
  switch (c.op) {
    case 'isSet':
    case 'isNotSet':
      return head;
    case 'oneOf':
      return `${head} ${list(v as Scalar[], 'or')}`;
    case 'notOneOf':
      return `${head} ${list(v as Scalar[], 'or')}`;
    case 'between':
      return `${head} ${list(v as Scalar[], 'and')}`;
    case 'withinDays':
      return `${head} ${v === 1 ? 'day' : `${v} days`}`;
    case 'olderThanDays':
      return `${head} ${v === 1 ? '1 day' : `${v} days`} ago`;
    default:
      return `${head} ${text(v)}`;
  }
}

/**
 * The rule in one plain sentence, as the builder shows it under the conditions:
 * "lead score is greater than 80 and industry is SaaS". Conditions still being filled in are left
 * out, like in the rule itself.
 */
export function describeRule(
  node: RuleNode,
  typeOf: (path: string) => FieldType = () => 'unknown',
  labelOf: (path: string) => string = fieldLabel,
): string {
  const inner = (n: RuleNode, nested: boolean): string | undefined => {
    if (n.kind === 'condition') return isComplete(n) ? describeCondition(n, typeOf, labelOf) : undefined;
    const parts = n.children.map((c) => inner(c, true)).filter((p): p is string => p !== undefined);
    if (parts.length === 0) return undefined;
    const joined = parts.join(` ${n.combinator} `);
    return nested && parts.length > 1 ? `(${joined})` : joined;
  };
  return inner(node, false) ?? 'every contact matches';
}
