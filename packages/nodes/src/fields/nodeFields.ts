import type { EditorField, LogicRule } from '@crossroads/graph-schema';
import { z } from 'zod';
import { type FieldSchema, type FoundField, findFields } from './findFields.js';

/** Anything with a config schema: a node definition, or a registry entry. */
export interface HasConfigSchema {
  configSchema: z.ZodType;
}

const schemas = new WeakMap<z.ZodType, FieldSchema>();

/**
 * The JSON Schema of a node type's config as people write it (`io: 'input'`, what the editor's
 * forms read), with its `x-editor` field metadata. Computed once per schema.
 *
 * @example
 * ```ts
 * configJsonSchema(sendNode).properties?.html?.['x-editor']; // 'template'
 * ```
 */
export function configJsonSchema(definition: HasConfigSchema): FieldSchema {
  let schema = schemas.get(definition.configSchema);
  if (!schema) {
    try {
      schema = z.toJSONSchema(definition.configSchema, {
        io: 'input',
        unrepresentable: 'any',
      }) as FieldSchema;
    } catch {
      // A pack schema zod cannot describe: its fields carry no metadata we can read.
      schema = {};
    }
    schemas.set(definition.configSchema, schema);
  }
  return schema;
}

/**
 * The values of a config at the fields its schema marks `x-editor: <field>`, with their paths
 * below `config`.
 *
 * @example
 * ```ts
 * fieldsMarked(segmentGateNode, config, 'segment'); // [{ path: ['branches', 1, 'segment'], value: 'vips', ... }]
 * ```
 */
export function fieldsMarked(definition: HasConfigSchema, config: unknown, field: EditorField): FoundField[] {
  return findFields(configJsonSchema(definition), config, (schema) => schema['x-editor'] === field);
}

/** A Liquid template inside a config, and how the runtime escapes the values it inserts. */
export interface TemplateField {
  path: Array<string | number>;
  source: string;
  /** `html` escapes inserted values (an HTML body); `none` leaves them (subject, text body, note). */
  escape: 'html' | 'none';
}

/**
 * The Liquid templates of a config (`x-editor: 'template'` fields holding a string), for the
 * runtime to check at save time and to preview.
 *
 * @example
 * ```ts
 * templateFields(sendNode, { subject: 'Hi {{ contact.first_name }}', html: '<p>…</p>' });
 * // [{ path: ['subject'], source: 'Hi {{ contact.first_name }}', escape: 'none' },
 * //  { path: ['html'], source: '<p>…</p>', escape: 'html' }]
 * ```
 */
export function templateFields(definition: HasConfigSchema, config: unknown): TemplateField[] {
  return fieldsMarked(definition, config, 'template').flatMap(({ path, value, schema }) =>
    typeof value === 'string'
      ? [{ path, source: value, escape: schema['x-template']?.format === 'html' ? 'html' : 'none' } as const]
      : [],
  );
}

/**
 * The workspace segments a config names (`x-editor: 'segment'` fields holding a string).
 *
 * @example
 * ```ts
 * segmentFields(triggerNode, { on: 'segment', segment: 'hot-leads' }); // [{ path: ['segment'], name: 'hot-leads' }]
 * ```
 */
export function segmentFields(
  definition: HasConfigSchema,
  config: unknown,
): Array<{ path: Array<string | number>; name: string }> {
  return fieldsMarked(definition, config, 'segment').flatMap(({ path, value }) =>
    typeof value === 'string' ? [{ path, name: value }] : [],
  );
}

/**
 * The JSONLogic rules of a config (`x-editor: 'rule'` fields that are set).
 *
 * @example
 * ```ts
 * ruleFields(waitNode, { mode: 'event', event: 'purchase', timeout: 'P2D', where: rule }); // [{ path: ['where'], rule }]
 * ```
 */
export function ruleFields(
  definition: HasConfigSchema,
  config: unknown,
): Array<{ path: Array<string | number>; rule: LogicRule }> {
  return fieldsMarked(definition, config, 'rule').flatMap(({ path, value }) =>
    value === undefined ? [] : [{ path, rule: value }],
  );
}

/**
 * The event types a config names (`x-editor: 'event-type'` fields holding a string): what a
 * trigger or a wait listens to, for data dictionaries and test timelines.
 *
 * @example
 * ```ts
 * eventTypeFields(waitNode, { mode: 'event', event: 'email.opened', timeout: 'P2D' }); // ['email.opened']
 * ```
 */
export function eventTypeFields(definition: HasConfigSchema, config: unknown): string[] {
  return fieldsMarked(definition, config, 'event-type').flatMap(({ value }) =>
    typeof value === 'string' ? [value] : [],
  );
}
