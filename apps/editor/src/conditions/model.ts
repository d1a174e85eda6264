/**
 * What the condition builder edits: AND/OR groups of conditions "field, operator, value". It is
 * written as JSONLogic (`toLogic`) and read back from it (`fromLogic`); nothing else is stored.
 */

/** What kind of value a field holds (from the data dictionary); `unknown` when nobody knows. */
export type FieldType = 'number' | 'text' | 'boolean' | 'date' | 'list' | 'unknown';

export type Scalar = string | number | boolean;

/** A `var` read: the path, and the value used when the field is missing (`{"var": [path, fallback]}`). */
export interface FieldRef {
  path: string;
  fallback?: Scalar | null;
}

export type OperatorId =
  | 'eq'
  | 'neq'
  | 'oneOf'
  | 'notOneOf'
  | 'contains'
  | 'notContains'
  | 'startsWith'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'between'
  | 'isSet'
  | 'isNotSet'
  | 'withinDays'
  | 'olderThanDays';

/**
 * One condition. `value` depends on the operator: a scalar (eq, neq, contains, gt…), a list
 * (oneOf), `[low, high]` (between), a whole number of days (withinDays), none (isSet). `field`
 * is null and `value` undefined while the person is still choosing them.
 */
export interface Condition {
  kind: 'condition';
  field: FieldRef | null;
  op: OperatorId;
  value?: unknown;
}

export interface Group {
  kind: 'group';
  combinator: 'and' | 'or';
  children: RuleNode[];
}

export type RuleNode = Condition | Group;

/** The rule of an empty builder: every contact matches (the editor's usual "always" rule). */
export const ALWAYS_RULE = { '==': [1, 1] } as const;

export const emptyCondition = (): Condition => ({ kind: 'condition', field: null, op: 'eq' });
