import type { JsonSchema } from '@crossroads/api';

export type FieldKind =
  | 'object'
  | 'string'
  | 'text'
  | 'enum'
  | 'number'
  | 'boolean'
  | 'duration'
  | 'logic'
  | 'template'
  | 'segment'
  | 'union'
  | 'array-objects'
  | 'array-enum'
  | 'array-scalars'
  | 'time'
  | 'timezone'
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

const LOGIC_KEYS = /^(rule|where|filter|condition|when)$/i;
const TEMPLATE_KEYS = /^(html|body|template|note)$/i;
const DURATION_HINT = /ISO.?8601 duration|\bduration\b/i;

/**
 * Which widget edits a schema. Node authors can say so with `x-editor`; otherwise the schema's
 * type, its description and the property name decide (a `rule` with no type is JSONLogic).
 */
export function classify(schema: JsonSchema, key: string, root: JsonSchema): FieldKind {
  const s = resolve(schema, root);
  const hint = s['x-editor'];
  if (hint === 'jsonlogic') return 'logic';
  if (hint === 'liquid' || hint === 'html') return 'template';
  if (hint === 'duration') return 'duration';
  if (hint === 'segment') return 'segment';
  const options = unionOptions(s);
  if (options.length === 1 && options[0]) return classify(options[0], key, root);
  if (options.length > 1) {
    if (options.every((o) => resolve(o, root).const !== undefined)) return 'enum';
    if (discriminatorOf(options, root)) return 'union';
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (s.enum) return 'enum';
  if (!type) {
    if (/jsonlogic/i.test(s.description ?? '') || LOGIC_KEYS.test(key)) return 'logic';
    return 'json';
  }
  switch (type) {
    case 'object':
      if (s.properties) return 'object';
      return typeof s.additionalProperties === 'object' ? 'map' : 'json';
    case 'string':
      if (
        s.format === 'duration' ||
        (DURATION_HINT.test(s.description ?? '') && !/template/i.test(s.description ?? ''))
      ) {
        return 'duration';
      }
      if (/^segment(Name|Id)?$/i.test(key)) return 'segment';
      if (/^time.?zone$/i.test(key)) return 'timezone';
      if (s.pattern?.includes('2[0-3]') && s.pattern.includes(':')) return 'time';
      if (/^(subject|title|name|label)$/i.test(key)) return 'string';
      if (TEMPLATE_KEYS.test(key) || /liquid/i.test(s.description ?? '')) return 'template';
      if (/^(text|notes?|description)$/i.test(key) || (s.maxLength ?? 0) > 500) return 'text';
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const items = s.items ? resolve(s.items, root) : undefined;
      if (!items) return 'json';
      const itemKind = classify(items, key, root);
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
