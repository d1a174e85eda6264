import {
  type Condition,
  emptyCondition,
  type FieldType,
  type Group,
  type OperatorId,
  type RuleNode,
} from './model.js';
import { operator, operatorsFor } from './operators.js';

/** Where a part of the rule sits: child indexes from the root group (`[]` is the root). */
export type Address = readonly number[];

/** The root as a group: a lone condition is shown (and edited) as "all of: it". */
export function asGroup(root: RuleNode): Group {
  return root.kind === 'group' ? root : { kind: 'group', combinator: 'and', children: [root] };
}

/** A root group holding one condition with "all" is written as that condition (bare JSONLogic). */
export function tidyRoot(root: Group): RuleNode {
  const [only] = root.children;
  return root.combinator === 'and' && root.children.length === 1 && only?.kind === 'condition' ? only : root;
}

function mapAt(group: Group, address: Address, edit: (node: RuleNode) => RuleNode | null): Group {
  const [head, ...rest] = address;
  if (head === undefined) return group;
  const children = group.children.flatMap((child, i) => {
    if (i !== head) return [child];
    const next = rest.length === 0 ? edit(child) : child.kind === 'group' ? mapAt(child, rest, edit) : child;
    return next ? [next] : [];
  });
  return { ...group, children };
}

export function nodeAt(root: RuleNode, address: Address): RuleNode | undefined {
  let node: RuleNode | undefined = asGroup(root);
  for (const i of address) node = node?.kind === 'group' ? node.children[i] : undefined;
  return node;
}

/** Replaces (or, with null, removes) the part at `address`; groups left empty go too. */
export function editAt(
  root: RuleNode,
  address: Address,
  edit: (node: RuleNode) => RuleNode | null,
): RuleNode {
  const pruned = (g: Group): Group => ({
    ...g,
    children: g.children
      .map((c) => (c.kind === 'group' ? pruned(c) : c))
      .filter((c) => c.kind === 'condition' || c.children.length > 0),
  });
  return tidyRoot(pruned(mapAt(asGroup(root), address, edit)));
}

/** Adds an empty condition (or group holding one) at the end of the group at `address`. */
export function addTo(root: RuleNode, address: Address, what: 'condition' | 'group'): RuleNode {
  const fresh: RuleNode =
    what === 'condition'
      ? emptyCondition()
      : { kind: 'group', combinator: 'or', children: [emptyCondition()] };
  const add = (g: Group): Group => ({ ...g, children: [...g.children, fresh] });
  if (address.length === 0) return add(asGroup(root));
  return mapAt(asGroup(root), address, (node) => (node.kind === 'group' ? add(node) : node));
}

export function setCombinator(root: RuleNode, address: Address, combinator: Group['combinator']): RuleNode {
  if (address.length === 0) return tidyRoot({ ...asGroup(root), combinator });
  return editAt(root, address, (node) => (node.kind === 'group' ? { ...node, combinator } : node));
}

/** A new field keeps the operator when it suits the field's type, and the value when the type is the same. */
export function withField(c: Condition, path: string, type: FieldType, previousType: FieldType): Condition {
  const offered = operatorsFor(type);
  const op = offered.some((o) => o.id === c.op) ? c.op : (offered[0]?.id ?? 'eq');
  const keep = type === previousType && op === c.op && c.value !== undefined;
  return keep
    ? { kind: 'condition', field: { path }, op, value: c.value }
    : { kind: 'condition', field: { path }, op };
}

/** A new operator keeps what of the value still fits its shape (one value ↔ a list of one). */
export function withOperator(c: Condition, op: OperatorId): Condition {
  const from = operator(c.op).shape;
  const to = operator(op).shape;
  const v = c.value;
  let value: unknown;
  if (from === to) value = v;
  else if (from === 'scalar' && to === 'list' && v !== undefined) value = [v];
  else if (from === 'list' && to === 'scalar' && Array.isArray(v)) value = v[0];
  const next: Condition = { kind: 'condition', field: c.field, op };
  return value === undefined ? next : { ...next, value };
}
