import type { EditorField, TemplateFieldMeta } from '@crossroads/graph-schema';

/** The parts of a JSON Schema (draft 2020-12, as `z.toJSONSchema` writes it) the walk reads. */
export interface FieldSchema {
  type?: string | string[];
  const?: unknown;
  properties?: Record<string, FieldSchema>;
  additionalProperties?: boolean | FieldSchema;
  items?: FieldSchema | boolean;
  prefixItems?: FieldSchema[];
  anyOf?: FieldSchema[];
  oneOf?: FieldSchema[];
  allOf?: FieldSchema[];
  $ref?: string;
  $defs?: Record<string, FieldSchema>;
  definitions?: Record<string, FieldSchema>;
  'x-editor'?: EditorField | (string & {});
  'x-template'?: TemplateFieldMeta;
  [key: string]: unknown;
}

/** A value inside a config at a field the schema marks, e.g. `['branches', 0, 'segment']`. */
export interface FoundField {
  path: Array<string | number>;
  value: unknown;
  schema: FieldSchema;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows `$ref`s into the root's `$defs`/`definitions`. */
function resolve(schema: FieldSchema, root: FieldSchema): FieldSchema {
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

/** Whether a union option can describe `value`: every `const` property it has agrees. */
function optionFits(option: FieldSchema, value: unknown, root: FieldSchema): boolean {
  const properties = resolve(option, root).properties ?? {};
  return Object.entries(properties).every(([key, property]) => {
    const constant = resolve(property, root).const;
    return constant === undefined || (isRecord(value) && value[key] === constant);
  });
}

/**
 * Every value in `value` (a config) that sits at a field `accept` picks, walking the config and its
 * JSON Schema together: objects by property, arrays by item, unions through the options that fit
 * the value (a discriminated union through the one its discriminator names). Fields absent from
 * the value are not reported.
 *
 * @example
 * ```ts
 * findFields(schema, { branches: [{ segment: 'vips' }] }, (s) => s['x-editor'] === 'segment');
 * // [{ path: ['branches', 0, 'segment'], value: 'vips', schema: { ... } }]
 * ```
 */
export function findFields(
  schema: FieldSchema,
  value: unknown,
  accept: (schema: FieldSchema) => boolean,
): FoundField[] {
  const found = new Map<string, FoundField>();
  const walk = (at: FieldSchema, current: unknown, path: Array<string | number>): void => {
    const s = resolve(at, schema);
    if (accept(s)) {
      found.set(JSON.stringify(path), { path, value: current, schema: s });
      return;
    }
    for (const part of s.allOf ?? []) walk(part, current, path);
    for (const option of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
      if (optionFits(option, current, schema)) walk(option, current, path);
    }
    if (isRecord(current)) {
      const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
      for (const [key, child] of Object.entries(current)) {
        const property = s.properties?.[key] ?? extra;
        if (property) walk(property, child, [...path, key]);
      }
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) => {
        const itemSchema = s.prefixItems?.[index] ?? (typeof s.items === 'object' ? s.items : undefined);
        if (itemSchema) walk(itemSchema, item, [...path, index]);
      });
    }
  };
  walk(schema, value, []);
  return [...found.values()];
}
