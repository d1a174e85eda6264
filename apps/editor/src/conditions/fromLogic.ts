import { daysAgo, LOGIC_OPERATORS } from '@crossroads/graph-schema';
import {
  ALWAYS_RULE,
  type Condition,
  type FieldRef,
  type OperatorId,
  type RuleNode,
  type Scalar,
} from './model.js';

export type ReadResult = { ok: true; model: RuleNode } | { ok: false; reason: string };

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** `{op: args}` as json-logic-js reads it (one key), args always a list. */
function operation(node: unknown): { op: string; args: unknown[]; raw: unknown } | undefined {
  if (!isObject(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const op = keys[0] as string;
  const raw = node[op];
  return { op, args: Array.isArray(raw) ? raw : [raw], raw };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

/** `{"var": "p"}`, `{"var": ["p"]}` or `{"var": ["p", fallback]}` with a constant, non-empty path. */
function readField(node: unknown): FieldRef | undefined {
  const o = operation(node);
  if (o?.op !== 'var') return undefined;
  const [path, fallback, ...rest] = o.args;
  if (typeof path !== 'string' || path === '' || rest.length > 0) return undefined;
  if (o.args.length === 1) return { path };
  if (fallback === null || isScalar(fallback)) return { path, fallback };
  return undefined;
}

const condition = (field: FieldRef, op: OperatorId, value?: unknown): Condition =>
  value === undefined ? { kind: 'condition', field, op } : { kind: 'condition', field, op, value };

/** The field whose date `daysAgo` reads, when `node` is exactly `daysAgo(field)`. */
function daysAgoField(node: unknown): FieldRef | undefined {
  const minus = operation(node);
  if (minus?.op !== '-' || minus.args.length !== 2) return undefined;
  const plus = operation(minus.args[1]);
  const times = operation(plus?.args[0]);
  const substr = operation(times?.args[0]);
  const raw = substr?.args[0];
  const field = readField(raw);
  return field && deepEqual(node, daysAgo(raw)) ? field : undefined;
}

const wholeDays = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function readCondition(node: unknown): Condition | undefined {
  const o = operation(node);
  if (!o) return undefined;
  const [a, b, c] = o.args;
  const n = o.args.length;
  switch (o.op) {
    case '==': {
      const sub = operation(a);
      if (sub?.op === 'substr' && n === 2 && typeof b === 'string') {
        const [source, start, length] = sub.args;
        const field = readField(source);
        if (field && sub.args.length === 3 && start === 0 && length === b.length)
          return condition(field, 'startsWith', b);
        return undefined;
      }
      const field = readField(a);
      return field && n === 2 && isScalar(b) ? condition(field, 'eq', b) : undefined;
    }
    case '!=': {
      const field = readField(a);
      return field && n === 2 && isScalar(b) ? condition(field, 'neq', b) : undefined;
    }
    case 'in': {
      if (n !== 2) return undefined;
      const field = readField(a);
      if (field && Array.isArray(b) && b.length > 0 && b.every(isScalar)) return condition(field, 'oneOf', b);
      const inside = readField(b);
      return inside && isScalar(a) ? condition(inside, 'contains', a) : undefined;
    }
    case 'missing': {
      const [path] = o.args;
      return n === 1 && typeof path === 'string' && path !== '' ? condition({ path }, 'isNotSet') : undefined;
    }
    case '!': {
      if (n !== 1) return undefined;
      const inner = readCondition(a);
      const negated: Partial<Record<OperatorId, OperatorId>> = {
        oneOf: 'notOneOf',
        contains: 'notContains',
        isNotSet: 'isSet',
      };
      const op = inner && negated[inner.op];
      return inner && op ? { ...inner, op } : undefined;
    }
    case '>': {
      const ago = daysAgoField(a);
      if (ago) return n === 2 && wholeDays(b) ? condition(ago, 'olderThanDays', b) : undefined;
      const field = readField(a);
      return field && n === 2 && isScalar(b) ? condition(field, 'gt', b) : undefined;
    }
    case '>=':
    case '<': {
      const field = readField(a);
      const op = o.op === '>=' ? 'gte' : 'lt';
      return field && n === 2 && isScalar(b) ? condition(field, op, b) : undefined;
    }
    case '<=': {
      if (n === 3) {
        const ago = daysAgoField(b);
        if (ago) return a === 0 && wholeDays(c) ? condition(ago, 'withinDays', c) : undefined;
        const field = readField(b);
        return field && isScalar(a) && isScalar(c) ? condition(field, 'between', [a, c]) : undefined;
      }
      const field = readField(a);
      return field && n === 2 && isScalar(b) ? condition(field, 'lte', b) : undefined;
    }
    default:
      return undefined;
  }
}

function readNode(node: unknown): RuleNode | undefined {
  const o = operation(node);
  if ((o?.op === 'and' || o?.op === 'or') && Array.isArray(o.raw) && o.args.length > 0) {
    const children: RuleNode[] = [];
    for (const child of o.args) {
      const read = readNode(child);
      if (!read) return undefined;
      children.push(read);
    }
    return { kind: 'group', combinator: o.op, children };
  }
  return readCondition(node);
}

/** Operators the builder writes (the date arithmetic included). */
const BUILDER_OPERATORS = new Set([
  'and',
  'or',
  '!',
  '==',
  '!=',
  'in',
  'substr',
  '>',
  '>=',
  '<',
  '<=',
  'missing',
  'var',
  '+',
  '-',
  '*',
  '/',
  '%',
]);

/** The first operator of the rule the builder never writes, if any. */
function foreignOperator(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = foreignOperator(item);
      if (found) return found;
    }
    return undefined;
  }
  const o = operation(node);
  if (!o) return undefined;
  if (!BUILDER_OPERATORS.has(o.op)) return o.op;
  return foreignOperator(o.args);
}

/** Why a rule cannot be shown in the builder, in one line. */
function reasonFor(rule: unknown): string {
  const foreign = foreignOperator(rule);
  if (foreign !== undefined) {
    return LOGIC_OPERATORS.has(foreign)
      ? `uses the \`${foreign}\` operator, which the builder does not offer`
      : `uses \`${foreign}\`, which is not a JSONLogic operator`;
  }
  if (!operation(rule)) return 'is a fixed value, not a condition on a field';
  return 'compares values in a way the builder does not offer (e.g. two fields, or a computed value)';
}

/**
 * Reads a JSONLogic rule as a builder rule, or says in one line why the builder cannot show it.
 * `{"==": [1, 1]}` (the "always" rule) reads as an empty group: every contact matches.
 *
 * @example
 * fromLogic({ '>': [{ var: 'contact.lead_score' }, 80] });
 * // { ok: true, model: { kind: 'condition', field: { path: 'contact.lead_score' }, op: 'gt', value: 80 } }
 * fromLogic({ reduce: [{ var: 'contact.orders' }, { '+': [1, 2] }, 0] });
 * // { ok: false, reason: 'uses the `reduce` operator, which the builder does not offer' }
 */
export function fromLogic(rule: unknown): ReadResult {
  if (deepEqual(rule, ALWAYS_RULE))
    return { ok: true, model: { kind: 'group', combinator: 'and', children: [] } };
  const model = readNode(rule);
  return model ? { ok: true, model } : { ok: false, reason: reasonFor(rule) };
}
