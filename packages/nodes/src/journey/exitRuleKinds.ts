import type { GraphSettings, LogicRule } from '@crossroads/graph-schema';

/** Stored when a contact leaves a segment a journey listens to (trigger or exit rule). */
export const SEGMENT_EXITED_EVENT = 'segment.exited';
/**
 * Acted on (and stored) when a contact's attribute changes while it is in a journey with an exit
 * rule on attribute changes: `{ attribute, from, to }` in its properties.
 */
export const ATTRIBUTE_CHANGED_EVENT = 'attribute.changed';

export type ExitRule = NonNullable<GraphSettings['exits']>[number];

/**
 * What an exit rule means, as people build it: they left a segment, an attribute changed (to a
 * value), or an event arrived (with an optional condition). Stored as an event rule: the first two
 * are `segment.exited` / `attribute.changed` with a `where` of the shapes `exitRuleOf` writes.
 */
export type ExitRuleKind =
  | { kind: 'left-segment'; label: string; segment: string }
  | { kind: 'attribute'; label: string; attribute: string; to?: unknown }
  | { kind: 'event'; label: string; event: string; where?: LogicRule };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{"==": [{"var": "event.properties.<name>"}, value]}` → [name, value]. */
function propertyEquals(rule: unknown): [string, unknown] | undefined {
  if (!isObject(rule) || Object.keys(rule).length !== 1 || !Array.isArray(rule['=='])) return undefined;
  const [left, right] = rule['=='] as unknown[];
  const path = isObject(left) ? left.var : undefined;
  if (typeof path !== 'string' || !path.startsWith('event.properties.')) return undefined;
  return [path.slice('event.properties.'.length), right];
}

/** The conditions of a rule joined by `and` (or the rule alone). */
const conjuncts = (rule: unknown): unknown[] =>
  isObject(rule) && Object.keys(rule).length === 1 && Array.isArray(rule.and)
    ? (rule.and as unknown[])
    : [rule];

/**
 * Reads an exit rule back as what people built (anything else stays an event rule).
 *
 * @example
 * exitRuleKind({ label: 'Left trial', event: 'segment.exited', where: { '==': [{ var: 'event.properties.segment' }, 'trial'] } })
 * // { kind: 'left-segment', label: 'Left trial', segment: 'trial' }
 */
export function exitRuleKind(rule: ExitRule): ExitRuleKind {
  const parts = rule.where === undefined ? [] : conjuncts(rule.where).map(propertyEquals);
  const known = parts.every((p) => p !== undefined) ? new Map(parts as Array<[string, unknown]>) : undefined;
  if (rule.event === SEGMENT_EXITED_EVENT && known?.size === 1 && typeof known.get('segment') === 'string') {
    return { kind: 'left-segment', label: rule.label, segment: known.get('segment') as string };
  }
  const attribute = known?.get('attribute');
  const onlyTo = known && [...known.keys()].every((k) => k === 'attribute' || k === 'to');
  if (rule.event === ATTRIBUTE_CHANGED_EVENT && typeof attribute === 'string' && onlyTo) {
    return known.has('to')
      ? { kind: 'attribute', label: rule.label, attribute, to: known.get('to') }
      : { kind: 'attribute', label: rule.label, attribute };
  }
  return {
    kind: 'event',
    label: rule.label,
    event: rule.event,
    ...(rule.where === undefined ? {} : { where: rule.where }),
  };
}

const equals = (name: string, value: unknown): LogicRule => ({
  '==': [{ var: `event.properties.${name}` }, value],
});

/** The stored exit rule for what people built (the inverse of `exitRuleKind`). */
export function exitRuleOf(kind: ExitRuleKind): ExitRule {
  switch (kind.kind) {
    case 'left-segment':
      return { label: kind.label, event: SEGMENT_EXITED_EVENT, where: equals('segment', kind.segment) };
    case 'attribute':
      return {
        label: kind.label,
        event: ATTRIBUTE_CHANGED_EVENT,
        where:
          'to' in kind
            ? { and: [equals('attribute', kind.attribute), equals('to', kind.to)] }
            : equals('attribute', kind.attribute),
      };
    default:
      return {
        label: kind.label,
        event: kind.event,
        ...(kind.where === undefined ? {} : { where: kind.where }),
      };
  }
}

const shown = (value: unknown) => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));

/**
 * An exit rule in words, e.g. "they left the segment 'trial'", "'plan' changes to 'free'",
 * "subscription.cancelled arrives".
 */
export function describeExitRule(rule: ExitRule): string {
  const kind = exitRuleKind(rule);
  if (kind.kind === 'left-segment') return `they leave the segment '${kind.segment}'`;
  if (kind.kind === 'attribute')
    return 'to' in kind ? `'${kind.attribute}' changes to ${shown(kind.to)}` : `'${kind.attribute}' changes`;
  return `${kind.event} arrives${kind.where === undefined ? '' : ' (with a condition)'}`;
}

/** What happened, in words, for the trace row of an exit: the event as the rule saw it. */
export function exitEventWords(event: { type: string; properties?: Record<string, unknown> }): string {
  const p = event.properties ?? {};
  if (event.type === SEGMENT_EXITED_EVENT && typeof p.segment === 'string')
    return `left the segment '${p.segment}'`;
  if (event.type === ATTRIBUTE_CHANGED_EVENT && typeof p.attribute === 'string') {
    return 'to' in p && p.to !== null
      ? `'${p.attribute}' changed to ${shown(p.to)}`
      : `'${p.attribute}' was removed`;
  }
  return `${event.type} arrived`;
}

/**
 * What a journey's exit rules need the runtime to watch on a contact update: whether any ends on
 * an attribute change, and which segments' exits they name.
 */
export function exitRuleWatch(settings: Pick<GraphSettings, 'exits'>): {
  attributes: boolean;
  segments: string[];
} {
  const kinds = (settings.exits ?? []).map(exitRuleKind);
  return {
    attributes: kinds.some((k) => k.kind === 'attribute'),
    segments: [...new Set(kinds.flatMap((k) => (k.kind === 'left-segment' ? [k.segment] : [])))],
  };
}
