import type { Condition, FieldRef, RuleNode, Scalar } from './model.js';
import { isComplete } from './toLogic.js';

type Obj = Record<string, unknown>;

/** What `{"var": path}` reads: own properties only; a missing value (not a null one) gives the fallback. */
function read(data: unknown, field: FieldRef): unknown {
  let current: unknown = data;
  for (const key of field.path.split('.')) {
    if (current === null || current === undefined) return field.fallback ?? null;
    current =
      typeof current === 'object' && Object.hasOwn(current as Obj, key) ? (current as Obj)[key] : undefined;
    if (current === undefined) return field.fallback ?? null;
  }
  return current;
}

const DAY_MS = 86_400_000;

/** The UTC calendar day of the date written at the start of the text, or NaN. */
function calendarDay(value: unknown): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  if (!m) return Number.NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return Number.NaN;
  return Date.UTC(year, month - 1, 1) / DAY_MS + day - 1;
}

/* biome-ignore-start lint/suspicious/noDoubleEquals: the builder's "is" is JSONLogic's loose equality */
function holds(c: Condition, data: unknown): boolean {
  const field = c.field as FieldRef;
  const v = read(data, field);
  const x = c.value as Scalar;
  // Loose comparisons on purpose: JSONLogic compares like JavaScript.
  const loose = v as Scalar;
  switch (c.op) {
    case 'eq':
      return loose == x;
    case 'neq':
      return loose != x;
    case 'oneOf':
      return (c.value as Scalar[]).includes(v as Scalar);
    case 'notOneOf':
      return !(c.value as Scalar[]).includes(v as Scalar);
    case 'contains':
    case 'notContains': {
      // Empty text contains nothing (JSONLogic's `in` answers false for an empty haystack).
      const has =
        typeof v === 'string' ? v !== '' && v.includes(String(x)) : Array.isArray(v) ? v.includes(x) : false;
      return c.op === 'contains' ? has : !has;
    }
    case 'startsWith':
      return String(v).slice(0, String(x).length) === x;
    case 'gt':
      return loose > x;
    case 'gte':
      return loose >= x;
    case 'lt':
      return loose < x;
    case 'lte':
      return loose <= x;
    case 'between': {
      const [low, high] = c.value as Scalar[];
      return (low as Scalar) <= loose && loose <= (high as Scalar);
    }
    case 'isSet':
    case 'isNotSet': {
      const raw = read(data, { path: field.path });
      const set = raw !== null && raw !== '';
      return c.op === 'isSet' ? set : !set;
    }
    case 'withinDays':
    case 'olderThanDays': {
      const days = calendarDay((data as Obj | null)?.now) - calendarDay(v);
      return c.op === 'withinDays' ? 0 <= days && days <= (x as number) : days > (x as number);
    }
  }
}
/* biome-ignore-end lint/suspicious/noDoubleEquals: see above */

/**
 * What a builder rule means, written directly in TypeScript from the words the builder shows
 * ("is within the last 7 days" = the field's calendar date is today or one of the 7 days before).
 * Tests check that the JSONLogic `toLogic` writes gives the same answer in the real engine.
 */
export function meaning(node: RuleNode, data: unknown): boolean {
  if (node.kind === 'condition') return isComplete(node) ? holds(node, data) : true;
  const children = node.children.filter(contributes);
  if (children.length === 0) return true;
  return node.combinator === 'and'
    ? children.every((c) => meaning(c, data))
    : children.some((c) => meaning(c, data));
}

/** Whether a part of the rule is written at all (a complete condition somewhere inside). */
function contributes(node: RuleNode): boolean {
  return node.kind === 'condition' ? isComplete(node) : node.children.some(contributes);
}
