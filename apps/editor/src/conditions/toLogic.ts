import { daysAgo } from '@crossroads/graph-schema';
import { ALWAYS_RULE, type Condition, type FieldRef, type RuleNode, type Scalar } from './model.js';
import { operator } from './operators.js';

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** `{"var": "contact.lead_score"}`, or `{"var": ["contact.lead_score", 0]}` with a fallback. */
export function fieldLogic(field: FieldRef): unknown {
  return field.fallback === undefined ? { var: field.path } : { var: [field.path, field.fallback] };
}

/** Whether a condition has everything its operator needs (a field, and a value of the right shape). */
export function isComplete(c: Condition): boolean {
  if (!c.field?.path) return false;
  const v = c.value;
  switch (operator(c.op).shape) {
    case 'none':
      return true;
    case 'scalar':
      return isScalar(v) && (c.op !== 'startsWith' || typeof v === 'string');
    case 'list':
      return Array.isArray(v) && v.length > 0 && v.every(isScalar);
    case 'range':
      return Array.isArray(v) && v.length === 2 && v.every(isScalar);
    case 'days':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0;
  }
}

function conditionLogic(c: Condition): unknown {
  const path = (c.field as FieldRef).path;
  const f = fieldLogic(c.field as FieldRef);
  const v = c.value as never;
  switch (c.op) {
    case 'eq':
      return { '==': [f, v] };
    case 'neq':
      return { '!=': [f, v] };
    case 'oneOf':
      return { in: [f, v] };
    case 'notOneOf':
      return { '!': { in: [f, v] } };
    case 'contains':
      return { in: [v, f] };
    case 'notContains':
      return { '!': { in: [v, f] } };
    case 'startsWith':
      return { '==': [{ substr: [f, 0, (v as string).length] }, v] };
    case 'gt':
      return { '>': [f, v] };
    case 'gte':
      return { '>=': [f, v] };
    case 'lt':
      return { '<': [f, v] };
    case 'lte':
      return { '<=': [f, v] };
    case 'between':
      return { '<=': [(v as Scalar[])[0], f, (v as Scalar[])[1]] };
    case 'isSet':
      return { '!': { missing: [path] } };
    case 'isNotSet':
      return { missing: [path] };
    case 'withinDays':
      return { '<=': [0, daysAgo(f), v] };
    case 'olderThanDays':
      return { '>': [daysAgo(f), v] };
  }
}

function nodeLogic(node: RuleNode): unknown | undefined {
  if (node.kind === 'condition') return isComplete(node) ? conditionLogic(node) : undefined;
  const children = node.children.map(nodeLogic).filter((c) => c !== undefined);
  return children.length ? { [node.combinator]: children } : undefined;
}

/**
 * The JSONLogic of a builder rule. Conditions still being filled in are left out (they are not
 * part of the rule yet); a rule with no complete condition matches everyone (`{"==": [1, 1]}`).
 *
 * @example
 * toLogic({ kind: 'condition', field: { path: 'contact.lead_score' }, op: 'gt', value: 80 });
 * // { '>': [{ var: 'contact.lead_score' }, 80] }
 */
export function toLogic(root: RuleNode): unknown {
  return nodeLogic(root) ?? structuredClone(ALWAYS_RULE);
}
