import type { Graph } from '@crossroads/graph-schema';
import type { FieldDictionary } from '../../conditions/dictionary.js';
import { varsIn } from '../../data-dictionary/varPaths.js';

/** How a contact attribute is edited: a number box, yes/no, a date, text, or (rare) JSON. */
export type ValueKind = 'number' | 'boolean' | 'date' | 'text' | 'json';

/** One attribute of the sample contact, as the form holds it: the value as typed. */
export interface ContactRow {
  key: number;
  /** The attribute name, without `contact.` (`lead_score`). */
  field: string;
  kind: ValueKind;
  text: string;
}

/** The sample contact as a form: its rows, and the id of a loaded contact (never shown as input). */
export interface ContactModel {
  id?: string | undefined;
  rows: ContactRow[];
}

let nextKey = 1;
/** A fresh React key for a new row. */
export const rowKey = () => nextKey++;

/** The kind the dictionary knows for an attribute, else the kind its value suggests. */
export function kindOf(dictionary: FieldDictionary, field: string, value?: unknown): ValueKind {
  const known = dictionary.byPath.get(`contact.${field}`)?.type;
  // A date box holds a day; an instant stays text so the JSON view reads back what it wrote.
  if (known === 'date')
    return value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? 'date' : 'text';
  if (known === 'number' || known === 'boolean' || known === 'text') return known;
  if (known === 'list') return 'json';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value !== null && typeof value === 'object') return 'json';
  return 'text';
}

const textOf = (value: unknown, kind: ValueKind) =>
  value === undefined || value === null
    ? ''
    : kind === 'json' || typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** A contact (from JSON, a saved case or a loaded contact) as form rows. */
export function contactModel(contact: Record<string, unknown>, dictionary: FieldDictionary): ContactModel {
  const { id, ...attributes } = contact;
  const rows = Object.entries(attributes).map(([field, value]) => {
    const kind = kindOf(dictionary, field, value);
    return { key: rowKey(), field, kind, text: textOf(value, kind) };
  });
  return { ...(typeof id === 'string' && id ? { id } : {}), rows };
}

/** The value a row stands for; undefined when its box is empty (the attribute is left out). */
export function rowValue(row: Pick<ContactRow, 'kind' | 'text'>): unknown {
  const text = row.text.trim();
  if (text === '') return undefined;
  switch (row.kind) {
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return text === 'true';
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      return row.text;
  }
}

/** The contact the simulator reads, from the form (later rows win over earlier ones of one name). */
export function contactOf(model: ContactModel): Record<string, unknown> {
  const contact: Record<string, unknown> = model.id ? { id: model.id } : {};
  for (const row of model.rows) {
    const value = rowValue(row);
    if (row.field.trim() && value !== undefined) contact[row.field.trim()] = value;
  }
  return contact;
}

/** "Mara (mara@example.com)": a contact as people name it; attribute count when it has no name. */
export function contactSummary(contact: Record<string, unknown>): string {
  const str = (k: string) => (typeof contact[k] === 'string' ? (contact[k] as string).trim() : '');
  const name = str('name') || [str('first_name'), str('last_name')].filter(Boolean).join(' ');
  const email = str('email');
  if (name && email) return `${name} (${email})`;
  if (name || email) return name || email;
  const count = Object.keys(contact).filter((k) => k !== 'id').length;
  return count ? `a contact with ${count} attribute${count === 1 ? '' : 's'}` : 'an empty contact';
}

/** A value that makes `{op: [{var: path}, literal]}` true, or undefined when it cannot tell. */
function satisfying(op: string, literal: unknown): unknown {
  const scalar = (v: unknown) => (v !== null && typeof v !== 'object' ? v : undefined);
  if (op === '==' || op === '===') return scalar(literal);
  if (op === 'in' && Array.isArray(literal)) return scalar(literal[0]);
  if (typeof literal !== 'number') return undefined;
  if (op === '>' || op === '>=') return op === '>' ? literal + 1 : literal;
  if (op === '<' || op === '<=') return op === '<' ? literal - 1 : literal;
  return undefined;
}

/** `contact.*` fields the rules compare with literals, each with a value that passes the comparison. */
export function ruleExamples(value: unknown, out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) for (const item of value) ruleExamples(item, out);
  else if (value && typeof value === 'object') {
    for (const [op, args] of Object.entries(value)) {
      if (Array.isArray(args) && args.length === 2) {
        const [left, right] = args as [unknown, unknown];
        const path = (left as { var?: unknown } | null)?.var;
        if (typeof path === 'string' && path.startsWith('contact.') && !out.has(path)) {
          const example = satisfying(op, right);
          if (example !== undefined) out.set(path, example);
        }
      }
      ruleExamples(args, out);
    }
  }
  return out;
}

const SAMPLE_BASE = { email: 'mara@example.com', first_name: 'Mara' };

/**
 * A sample contact for a journey: a name and an email, and every contact field its rules read,
 * with a value that passes the first comparison made on it (the dictionary's first seen value, a
 * blank of its type otherwise, left for the person to fill), so a first run usually walks the main path.
 */
export function sampleContact(graph: Graph, dictionary: FieldDictionary): Record<string, unknown> {
  const configs = graph.nodes.map((n) => n.config);
  const examples = ruleExamples(configs);
  const contact: Record<string, unknown> = { ...SAMPLE_BASE };
  for (const path of varsIn(configs)) {
    if (!path.startsWith('contact.') || path === 'contact.id') continue;
    const field = path.slice('contact.'.length);
    if (field in contact) continue;
    const known = dictionary.byPath.get(path);
    contact[field] = examples.has(path)
      ? examples.get(path)
      : (known?.values?.[0] ?? (known?.type === 'number' ? 0 : known?.type === 'boolean' ? true : ''));
  }
  return contact;
}

/**
 * The contact searches one box makes (`GET /v1/contacts`): by email start or id (`q`), and by name,
 * a part of the first, last or full name as typed or capitalised (rules compare case-sensitively).
 */
export function contactSearches(text: string): Array<Record<string, string>> {
  const q = text.trim();
  if (!q) return [];
  const forms = [...new Set([q, q.charAt(0).toUpperCase() + q.slice(1), q.toLowerCase()])];
  const parts = ['first_name', 'last_name', 'name'].flatMap((f) =>
    forms.map((form) => ({ in: [form, { var: `contact.${f}` }] })),
  );
  return [{ q }, { filter: JSON.stringify({ or: parts }) }];
}

/**
 * The Advanced view's contact JSON; the error names the line, as the code view shows it.
 *
 * @example
 * parseContactJson('{\n  "a": 1,\n}') // throws "contact: not valid JSON (line 3)"
 */
export function parseContactJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const line = /line (\d+)/.exec(message)?.[1];
    const position = /position (\d+)/.exec(message)?.[1];
    const at = line ?? (position ? String(text.slice(0, Number(position)).split('\n').length) : null);
    throw new Error(`contact: not valid JSON${at ? ` (line ${at})` : ''}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error('contact: must be a JSON object');
  return value as Record<string, unknown>;
}
