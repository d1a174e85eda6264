import { z } from 'zod';

/**
 * Problems in plain words: the step by its label, the field by its title, the fault as people say
 * it ("Send 'Pricing follow-up': the subject is empty"), never a library's text. The same message
 * goes into the API's 422 and onto the canvas.
 */

/** What a schema walk needs of JSON Schema (as `z.toJSONSchema` writes it). */
interface Schema {
  title?: string;
  type?: string | string[];
  const?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  $defs?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
}

/** A step's kind in words, from its type: `send` → "Send", `segment-gate` → "Segment gate", `acme/audience` → "Audience". */
export function typeWords(type: string): string {
  const name = (type.split('/').at(-1) ?? type).replace(/[-_.]+/g, ' ').trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * How messages name a step: its kind and the label people gave it.
 *
 * @example
 * stepName({ type: 'send', label: 'Pricing follow-up' }); // "Send 'Pricing follow-up'"
 * stepName({ type: 'wait' }); // "Wait step"
 */
export function stepName(node: { type: string; label?: string | undefined }): string {
  const label = node.label?.trim();
  return label ? `${typeWords(node.type)} '${label}'` : `${typeWords(node.type)} step`;
}

/** "HTML body" stays as written, "Subject" becomes "subject" inside a sentence. */
function inSentence(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}

/** "branches" → "branch", "entries" → "entry": a list's title names its items. */
const singular = (word: string) =>
  word
    .replace(/ies$/, 'y')
    .replace(/(ch|sh|s|x)es$/, '$1')
    .replace(/([^s])s$/, '$1');

const readable = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();

const schemas = new WeakMap<z.ZodType, Schema>();

/** The JSON Schema of a node type's config, once per schema; `{}` when zod cannot describe it. */
export function configSchemaOf(type: z.ZodType): Schema {
  let schema = schemas.get(type);
  if (!schema) {
    try {
      schema = z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as Schema;
    } catch {
      schema = {};
    }
    schemas.set(type, schema);
  }
  return schema;
}

function resolve(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 20 && current.$ref; i++) {
    const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(current.$ref)?.[1];
    const target = name ? (root.$defs?.[name] ?? root.definitions?.[name]) : undefined;
    if (!target) break;
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

/** The option of a union this value takes (the one whose constants it has), else the first with `key`. */
function property(schema: Schema, root: Schema, key: string, value: unknown): Schema | undefined {
  const s = resolve(schema, root);
  if (s.properties?.[key]) return resolve(s.properties[key], root);
  const options = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].map((o) => resolve(o, root));
  const obj = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const fits = (o: Schema) =>
    Object.entries(o.properties ?? {}).every(([k, p]) => p.const === undefined || obj[k] === p.const);
  const chosen =
    options.find((o) => o.properties?.[key] && fits(o)) ?? options.find((o) => o.properties?.[key]);
  const found = chosen?.properties?.[key];
  return found ? resolve(found, root) : undefined;
}

/** Where a config field is, for people: the list items on the way and the field's own title. */
export interface FieldPlace {
  /** "branch 'Hot lead'", or '' for a top-level field. */
  where: string;
  /** "subject", "HTML body", or '' for the config itself. */
  field: string;
}

/**
 * Names the field at `path` below a config by its schema titles; list items by their label
 * ("branch 'Hot lead'") or position ("branch 2").
 *
 * @example
 * fieldPlace(gateSchema, config, ['branches', 0, 'rule']); // { where: "branch 'Hot lead'", field: 'rule' }
 */
export function fieldPlace(root: Schema, config: unknown, path: ReadonlyArray<string | number>): FieldPlace {
  const items: string[] = [];
  let field = '';
  let schema: Schema | undefined = root;
  let value: unknown = config;
  let parentTitle = '';
  for (const key of path) {
    if (typeof key === 'number') {
      const itemSchema: Schema | undefined =
        schema && typeof resolve(schema, root).items === 'object'
          ? resolve(resolve(schema, root).items as Schema, root)
          : undefined;
      value = Array.isArray(value) ? value[key] : undefined;
      const label = value && typeof value === 'object' ? (value as Record<string, unknown>).label : undefined;
      const noun = inSentence(itemSchema?.title ?? singular(parentTitle)) || 'item';
      items.push(
        typeof label === 'string' && label.trim() ? `${noun} '${label.trim()}'` : `${noun} ${key + 1}`,
      );
      field = '';
      schema = itemSchema;
      continue;
    }
    const next: Schema | undefined = schema ? property(schema, root, key, value) : undefined;
    field = inSentence(next?.title ?? readable(key));
    parentTitle = next?.title ?? readable(key);
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    schema = next;
  }
  return { where: items.join(', '), field };
}

/** The place of a problem as the start of its message: "Send 'Pricing follow-up'" + ", branch 2". */
export function placeText(step: string, place: FieldPlace): string {
  return place.where ? `${step}, ${place.where}` : step;
}

/** What a zod issue of a config carries (zod v4's issue objects). */
interface Issue {
  code: string;
  message: string;
  path: PropertyKey[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  format?: string;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'on or off',
  array: 'a list',
  object: 'a group of settings',
};

/**
 * One zod issue of a config in plain words, naming the field by its title.
 *
 * @example
 * issueText({ code: 'too_small', origin: 'string', minimum: 1, path: ['subject'], message: '…' }, 'subject');
 * // "the subject is empty"
 */
export function issueText(issue: Issue, field: string): string {
  const the = field ? `the ${field}` : 'this step';
  const min = Number(issue.minimum);
  const max = Number(issue.maximum);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return min <= 1 ? `${the} is empty` : `${the} needs at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return min <= 1 ? `${the} needs at least one entry` : `${the} needs at least ${min} entries`;
      return `${the} must be at least ${min}`;
    case 'too_big':
      if (issue.origin === 'string') return `${the} is longer than ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${the} has more than ${max} entries`;
      return `${the} must be at most ${max}`;
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return `${the} is missing`;
      return `${the} must be ${EXPECTED[issue.expected ?? ''] ?? issue.expected}`;
    case 'invalid_format':
    case 'invalid_string':
      return /^invalid/i.test(issue.message)
        ? `${the} is not a valid ${issue.format ?? 'value'}`
        : `${the}: ${issue.message}`;
    case 'invalid_value':
    case 'invalid_enum_value':
      return issue.values?.length
        ? `${the} must be one of ${issue.values.map((v) => String(v)).join(', ')}`
        : `${the} has a value that is not allowed`;
    case 'invalid_union':
      return `${the} is none of the allowed kinds`;
    case 'unrecognized_keys':
      return `${(issue.keys ?? []).join(', ')} ${issue.keys?.length === 1 ? 'is' : 'are'} not a setting of this step`;
    default:
      // Messages written by node types (custom checks) are already sentences for people.
      return issue.message.startsWith("'") && field ? `${the} ${issue.message}` : issue.message;
  }
}
