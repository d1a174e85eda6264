import type { DraftConflict, JsonSchema } from '@crossroads/api';
import { type GraphNode, stepTitle } from '@crossroads/graph-schema';
import type { NodeCatalog } from '../catalog/catalog.js';
import { resolve } from '../schema-form/classify.js';
import { describeDuration } from '../schema-form/duration.js';

/** One line of the both-sides dialog: a field by its label, each side's value in words. */
export interface FieldRow {
  field: string;
  theirs: string;
  mine: string;
  /** Their value when it is text a person may want to copy into their own version. */
  theirsText?: string;
}

const SETTING_NAMES: Record<string, string> = {
  name: 'Journey name',
  description: 'Description',
  reentry: 'Who may enter again',
  goal: 'Goal',
  timezone: 'Time zone',
  frequencyCap: 'Frequency cap',
};
const REENTRY: Record<string, string> = {
  once: 'Only once',
  'after-exit': 'Again after leaving',
  always: 'Every time the trigger fires',
};
const OPERATORS: Record<string, string> = {
  '==': 'is',
  '===': 'is',
  '!=': 'is not',
  '!==': 'is not',
  '>': 'is more than',
  '>=': 'is at least',
  '<': 'is less than',
  '<=': 'is at most',
  in: 'is in',
};
const NODE_FIELDS: Record<string, string> = {
  label: 'Name',
  owner: 'Owner',
  notes: 'Notes',
  type: 'Kind of step',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A JSONLogic rule in words ("contact.lead_score is at least 80 and contact.country is DE"); rules
 * beyond comparisons joined by and/or read "a custom rule".
 */
export function describeRule(rule: unknown): string {
  if (!isObject(rule)) return plainScalar(rule);
  const [op, args] = Object.entries(rule)[0] ?? [];
  if (op === 'var') return String(Array.isArray(args) ? args[0] : args);
  const list = Array.isArray(args) ? args : [args];
  if (op === 'and' || op === 'or') return list.map(describeRule).join(` ${op} `);
  if (op === '!') return `not (${describeRule(list[0])})`;
  if (op && OPERATORS[op] && list.length === 2) {
    return `${describeRule(list[0])} ${OPERATORS[op]} ${describeRule(list[1])}`;
  }
  return 'a custom rule';
}

function plainScalar(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map(plainScalar).join(', ');
  return String(value);
}

/** A config value in words, guided by its schema: durations, rules, branches, choices. */
export function plainValue(
  value: unknown,
  schema: JsonSchema | undefined,
  root: JsonSchema | undefined,
): string {
  const s = schema && root ? resolve(schema, root) : schema;
  const meaning = (s as { 'x-editor'?: string } | undefined)?.['x-editor'];
  if (value === undefined || value === null || value === '') return '(empty)';
  if (meaning === 'rule') return describeRule(value);
  if (meaning === 'duration' && typeof value === 'string') return describeDuration(value) ?? value;
  if (Array.isArray(value)) {
    if (value.every((item) => isObject(item) && typeof item.label === 'string')) {
      return value
        .map((item) => {
          const rule = (item as { rule?: unknown }).rule;
          return rule === undefined ? String(item.label) : `${item.label} (${describeRule(rule)})`;
        })
        .join('; ');
    }
    return value.map((item) => plainValue(item, s?.items as JsonSchema | undefined, root)).join(', ');
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    const looksLikeRule =
      keys.length === 1 &&
      (keys[0] === 'var' || keys[0] === 'and' || keys[0] === 'or' || OPERATORS[keys[0] as string]);
    if (!s?.properties && looksLikeRule) return describeRule(value);
    return Object.entries(value)
      .map(
        ([key, v]) => `${titleFrom(s?.properties?.[key], key)}: ${plainValue(v, s?.properties?.[key], root)}`,
      )
      .join('; ');
  }
  return plainScalar(value);
}

function titleFrom(schema: JsonSchema | undefined, key: string): string {
  if (schema?.title) return schema.title;
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function settingValue(id: string, value: unknown): string {
  if (value === undefined) return '(not set)';
  if (id === 'reentry') return REENTRY[String(value)] ?? String(value);
  if (id === 'goal' && isObject(value)) {
    const where = value.where === undefined ? '' : ` where ${describeRule(value.where)}`;
    return `When '${value.event}' happens${where}`;
  }
  if (id === 'frequencyCap' && isObject(value)) {
    return `${value.maxSends} emails per ${describeDuration(String(value.window)) ?? value.window}`;
  }
  return plainScalar(value);
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Rows for a step both sides changed: only the fields that differ, by their labels. */
function nodeRows(
  theirs: GraphNode | undefined,
  mine: GraphNode | undefined,
  catalog: NodeCatalog,
): FieldRow[] {
  const name = (node: GraphNode) =>
    stepTitle(node, { typeTitle: (type) => catalog.latest(type)?.title ?? type });
  if (!theirs || !mine) {
    return [
      {
        field: 'Step',
        theirs: theirs ? `Kept: ${name(theirs)}` : 'Deleted',
        mine: mine ? `Kept: ${name(mine)}` : 'Deleted',
      },
    ];
  }
  const rows: FieldRow[] = [];
  for (const key of ['label', 'type', 'owner', 'notes'] as const) {
    if (same(theirs[key], mine[key])) continue;
    const theirsText = textOf(theirs[key]);
    rows.push({
      field: NODE_FIELDS[key] as string,
      theirs: key === 'type' ? name(theirs) : plainScalar(theirs[key]),
      mine: key === 'type' ? name(mine) : plainScalar(mine[key]),
      ...(theirsText && key !== 'type' ? { theirsText } : {}),
    });
  }
  const root = catalog.get(mine.type, mine.version)?.configSchema ?? catalog.latest(mine.type)?.configSchema;
  const properties = (root ? resolve(root, root) : undefined)?.properties ?? {};
  for (const key of new Set([...Object.keys(theirs.config), ...Object.keys(mine.config)])) {
    const [a, b] = [theirs.config[key], mine.config[key]];
    if (same(a, b)) continue;
    const schema = properties[key];
    const theirsText = textOf(a);
    rows.push({
      field: titleFrom(schema, key),
      theirs: plainValue(a, schema, root),
      mine: plainValue(b, schema, root),
      ...(theirsText ? { theirsText } : {}),
    });
  }
  if (!same(theirs.position, mine.position)) {
    rows.push({ field: 'Place on the canvas', theirs: 'Where they put it', mine: 'Where you put it' });
  }
  return rows;
}

/**
 * The both-sides view of one conflict, in the labels people typed: a step field by field, where an
 * output leads, a setting's value.
 */
export function conflictRows(
  conflict: DraftConflict,
  catalog: NodeCatalog,
  stepLabel: (id: string) => string,
) {
  const { kind, id, theirs, mine } = conflict;
  switch (kind) {
    case 'node':
      return nodeRows(theirs as GraphNode | undefined, mine as GraphNode | undefined, catalog);
    case 'position':
      return [{ field: 'Place on the canvas', theirs: 'Where they put it', mine: 'Where you put it' }];
    case 'edge': {
      const leadsTo = (edge: unknown) =>
        isObject(edge) ? `Goes on to '${stepLabel(String(edge.target))}'` : 'Not connected';
      return [{ field: 'Next step', theirs: leadsTo(theirs), mine: leadsTo(mine) }];
    }
    case 'setting':
    case 'graph': {
      const theirsText = kind === 'graph' ? textOf(theirs) : undefined;
      return [
        {
          field: SETTING_NAMES[id] ?? titleFrom(undefined, id),
          theirs: kind === 'setting' ? settingValue(id, theirs) : plainScalar(theirs),
          mine: kind === 'setting' ? settingValue(id, mine) : plainScalar(mine),
          ...(theirsText ? { theirsText } : {}),
        },
      ];
    }
    default:
      return [{ field: `Node pack ${id}`, theirs: plainScalar(theirs), mine: plainScalar(mine) }];
  }
}
