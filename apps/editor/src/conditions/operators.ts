import type { FieldType, OperatorId } from './model.js';

/** What input an operator's value needs. */
export type ValueShape = 'scalar' | 'list' | 'range' | 'days' | 'none';

export interface OperatorSpec {
  id: OperatorId;
  /** Read after the field: "lead score *is greater than* 80". */
  words: string;
  shape: ValueShape;
  /** Field types it is offered for, in the order the menu lists them. */
  types: readonly FieldType[];
}

const ALL: readonly FieldType[] = ['number', 'text', 'boolean', 'date', 'list', 'unknown'];

/** The operators of the builder, in the order menus list them. */
export const OPERATORS: readonly OperatorSpec[] = [
  { id: 'eq', words: 'is', shape: 'scalar', types: ['number', 'text', 'boolean', 'unknown'] },
  { id: 'neq', words: 'is not', shape: 'scalar', types: ['number', 'text', 'boolean', 'unknown'] },
  { id: 'oneOf', words: 'is one of', shape: 'list', types: ['number', 'text', 'unknown'] },
  { id: 'notOneOf', words: 'is none of', shape: 'list', types: ['number', 'text', 'unknown'] },
  { id: 'contains', words: 'contains', shape: 'scalar', types: ['text', 'list', 'unknown'] },
  { id: 'notContains', words: 'does not contain', shape: 'scalar', types: ['text', 'list', 'unknown'] },
  { id: 'startsWith', words: 'starts with', shape: 'scalar', types: ['text', 'unknown'] },
  { id: 'gt', words: 'is greater than', shape: 'scalar', types: ['number', 'unknown'] },
  { id: 'gte', words: 'is at least', shape: 'scalar', types: ['number', 'unknown'] },
  { id: 'lt', words: 'is less than', shape: 'scalar', types: ['number', 'unknown'] },
  { id: 'lte', words: 'is at most', shape: 'scalar', types: ['number', 'unknown'] },
  { id: 'between', words: 'is between', shape: 'range', types: ['number', 'date', 'unknown'] },
  { id: 'withinDays', words: 'is within the last', shape: 'days', types: ['date'] },
  { id: 'olderThanDays', words: 'is more than', shape: 'days', types: ['date'] },
  { id: 'isSet', words: 'is set', shape: 'none', types: ALL },
  { id: 'isNotSet', words: 'is not set', shape: 'none', types: ALL },
];

const BY_ID = new Map(OPERATORS.map((o) => [o.id, o]));

export function operator(id: OperatorId): OperatorSpec {
  return BY_ID.get(id) as OperatorSpec;
}

/** Dates compare as text in JSONLogic: "after" reads better than "greater than". */
const DATE_WORDS: Partial<Record<OperatorId, string>> = {
  gt: 'is after',
  gte: 'is on or after',
  lt: 'is before',
  lte: 'is on or before',
  eq: 'is on',
};

/** The words for an operator on a field of this type ("is after" for dates). */
export function operatorWords(id: OperatorId, type: FieldType): string {
  return (type === 'date' ? DATE_WORDS[id] : undefined) ?? operator(id).words;
}

/** Operators offered for a field type; dates also compare (before/after). */
export function operatorsFor(type: FieldType): OperatorSpec[] {
  if (type === 'date') {
    const compare: OperatorId[] = ['withinDays', 'olderThanDays', 'gt', 'lt', 'between', 'isSet', 'isNotSet'];
    return compare.map(operator);
  }
  return OPERATORS.filter((o) => o.types.includes(type));
}
