import type { JsonSchema } from '@crossroads/api';
import { EDITOR_FIELDS, type EditorField, type TemplateFieldMeta } from '@crossroads/graph-schema';

export type FieldKind =
  | 'object'
  | 'string'
  | 'text'
  | 'enum'
  | 'number'
  | 'boolean'
  | 'duration'
  | 'event-type'
  | 'logic'
  | 'template'
  | 'segment'
  | 'union'
  | 'array-objects'
  | 'branches'
  | 'arms'
  | 'array-enum'
  | 'array-scalars'
  | 'time'
  | 'timezone'
  | 'schedule'
  | 'map'
  | 'json';

/** Follows `$ref`s into the root schema's `$defs`/`definitions`; merges single-entry `allOf`. */
export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; i < 20 && current.$ref; i++) {
    const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(current.$ref)?.[1];
    const target = name ? (root.$defs?.[name] ?? root.definitions?.[name]) : undefined;
    if (!target) break;
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  if (current.allOf?.length === 1 && current.allOf[0]) {
    const { allOf, ...rest } = current;
    current = { ...resolve(allOf[0] as JsonSchema, root), ...rest };
  }
  return current;
}

/** Options of a union without the `null` option (nullable fields are simply optional). */
export function unionOptions(schema: JsonSchema): JsonSchema[] {
  const options = schema.oneOf ?? schema.anyOf ?? [];
  return options.filter((o) => o.type !== 'null');
}

/** The property whose `const` tells the options of a union apart, e.g. `kind` or `mode`. */
export function discriminatorOf(options: readonly JsonSchema[], root: JsonSchema): string | undefined {
  const resolved = options.map((o) => resolve(o, root));
  const first = resolved[0]?.properties;
  if (!first) return undefined;
  return Object.keys(first).find((key) =>
    resolved.every((o) => {
      const prop = o.properties?.[key];
      return prop !== undefined && (prop.const !== undefined || prop.enum?.length === 1);
    }),
  );
}

/** The widget for each `x-editor` field meaning (see `EDITOR_FIELDS` in @crossroads/graph-schema). */
const BY_MEANING: Record<EditorField, FieldKind> = {
  rule: 'logic',
  segment: 'segment',
  template: 'template',
  duration: 'duration',
  'event-type': 'event-type',
  text: 'text',
  time: 'time',
  timezone: 'timezone',
  schedule: 'schedule',
  branches: 'branches',
  arms: 'arms',
};

const isEditorField = (value: unknown): value is EditorField =>
  (EDITOR_FIELDS as readonly unknown[]).includes(value);

/** The `x-template` details of a template field, if any. */
export function templateMeta(schema: JsonSchema): TemplateFieldMeta | undefined {
  const meta = schema['x-template'];
  return typeof meta === 'object' && meta !== null ? (meta as TemplateFieldMeta) : undefined;
}

/**
 * Which widget edits a schema: its `x-editor` field metadata (what the field means, declared by
 * the node type, built-in or pack), else its JSON type. No names or descriptions are guessed at:
 * a field without metadata and without a type is edited as JSON.
 *
 * @example
 * ```ts
 * classify({ 'x-editor': 'rule' }, root); // 'logic'
 * classify({ type: 'array', items: { type: 'string', enum: ['mon', 'tue'] } }, root); // 'array-enum'
 * ```
 */
export function classify(schema: JsonSchema, root: JsonSchema): FieldKind {
  const s = resolve(schema, root);
  const meaning = s['x-editor'];
  if (isEditorField(meaning)) {
    // A one-line template (an email subject) is typed into a plain text box.
    return meaning === 'template' && templateMeta(s)?.singleLine ? 'string' : BY_MEANING[meaning];
  }
  const options = unionOptions(s);
  if (options.length === 1 && options[0]) return classify(options[0], root);
  if (options.length > 1) {
    if (options.every((o) => resolve(o, root).const !== undefined)) return 'enum';
    if (discriminatorOf(options, root)) return 'union';
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (s.enum) return 'enum';
  switch (type) {
    case 'object':
      if (s.properties) return 'object';
      return typeof s.additionalProperties === 'object' ? 'map' : 'json';
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const items = s.items ? resolve(s.items, root) : undefined;
      if (!items) return 'json';
      const itemKind = classify(items, root);
      if (itemKind === 'enum') return 'array-enum';
      if (itemKind === 'object' || itemKind === 'union') return 'array-objects';
      if (itemKind === 'string' || itemKind === 'number') return 'array-scalars';
      return 'json';
    }
    default:
      return 'json';
  }
}

/** The values of an enum field, from `enum` or a union of `const`s. */
export function enumValues(schema: JsonSchema, root: JsonSchema): Array<{ value: unknown; label: string }> {
  const s = resolve(schema, root);
  if (s.enum) return s.enum.map((value) => ({ value, label: String(value) }));
  return unionOptions(s).map((o) => {
    const r = resolve(o, root);
    return { value: r.const, label: r.title ?? String(r.const) };
  });
}

/** A starting value for a new field or array item of this schema. */
export function emptyValue(schema: JsonSchema, root: JsonSchema): unknown {
  const s = resolve(schema, root);
  if (s.default !== undefined) return structuredClone(s.default);
  if (s.const !== undefined) return s.const;
  const options = unionOptions(s);
  if (options[0] && !s.type) return emptyValue(options[0], root);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) {
        const prop = s.properties?.[key];
        if (prop) out[key] = emptyValue(prop, root);
      }
      return out;
    }
    case 'array':
      return [];
    case 'string':
      return s.enum?.[0] ?? '';
    case 'number':
    case 'integer':
      return s.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}
