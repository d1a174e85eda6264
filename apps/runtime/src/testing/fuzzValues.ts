import fc from 'fast-check';

/** The values the route fuzz (`routeFuzz.ts`) sends: from each schema of /openapi.json, and hostile ones. */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes are read field by field
export type Schema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** OpenAPI form: `/v1/workflows/{id}`. */
  path: string;
  access: string;
  parameters: Parameter[];
  body?: Schema;
}

/** Every operation of an OpenAPI document. */
export function operationsOf(doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(item)) {
      out.push({
        method: method.toUpperCase(),
        path,
        access: op['x-access'],
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return out;
}

/** What the fuzz addresses: API keys by caller (null: no key), ids of real objects, a valid graph. */
export interface FuzzWorld {
  callers: Record<string, string | null>;
  /** By the path segment before a parameter (`workflows`, `contacts`, …) or the parameter's name. */
  ids: Record<string, string>;
  graph: unknown;
  doc: Schema;
}

const HUGE = 'x'.repeat(100_000);
/** Hostile values, the most telling first: a sweep with `probes: n` tries the first n on every field. */
export const HOSTILE: unknown[] = [
  'a\u0000b',
  '\ud800',
  HUGE,
  '0000-01-01T00:00:00Z',
  null,
  2 ** 53 + 2,
  { nested: ['\udfff'] },
  '9999-12-31T23:59:59-01:00',
  '',
  -1,
  [],
  '+275760-09-13T00:00:00Z',
  1e308,
  true,
  '../../etc/passwd',
  '{{ "x" | append: "y" }}',
];

export const hostile = fc.constantFrom(...HOSTILE);

export function resolve(schema: Schema, doc: Schema): Schema {
  if (typeof schema.$ref !== 'string' || !schema.$ref.startsWith('#/components/schemas/')) return schema;
  return doc.components.schemas[schema.$ref.slice('#/components/schemas/'.length)] ?? {};
}

export function stringOf(schema: Schema, world: FuzzWorld): fc.Arbitrary<string> {
  const max = Math.min(schema.maxLength ?? 40, 40);
  const min = Math.min(schema.minLength ?? 0, max);
  if (schema.format === 'uuid') {
    const known = Object.values(world.ids).filter((v) => /^[0-9a-f-]{36}$/.test(v));
    return known.length > 0 ? fc.oneof(fc.constantFrom(...known), fc.uuid()) : fc.uuid();
  }
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2200-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  if (schema.format === 'email') return fc.emailAddress();
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= 200);
    } catch {}
  }
  return fc.string({ minLength: min, maxLength: max });
}

/** Values the schema describes (most of the time; its refinements are not in the document). */
export function validOf(raw: Schema, world: FuzzWorld, depth: number, mix: number): fc.Arbitrary<unknown> {
  const schema = resolve(raw, world.doc);
  if (schema !== raw && raw.$ref === '#/components/schemas/Graph') {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant(null).map(() => structuredClone(world.graph)) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    );
  }
  if (depth > 4) return fc.jsonValue({ maxDepth: 1 });
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0)
    return fc.oneof(...alternatives.map((s: Schema) => validOf(s, world, depth, mix)));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0)
    return validOf(schema.allOf[0], world, depth, mix);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1)
    return fc.oneof(...type.map((t: string) => validOf({ ...schema, type: t }, world, depth, mix)));
  switch (type[0]) {
    case 'string':
      return stringOf(schema, world);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1000, -(2 ** 31)),
        max: Math.min(schema.maximum ?? 1000, 2 ** 31 - 1),
      });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(anyValueOf(schema.items ?? {}, world, mix, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'object':
      return objectOf(schema, world, depth, mix);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

export function objectOf(
  schema: Schema,
  world: FuzzWorld,
  depth: number,
  mix: number,
): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const names = Object.keys(properties);
  if (names.length === 0) {
    const values = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {};
    const odd = fc.constantFrom('a\u0000', '\ud800', '__proto__', 'id');
    return fc.dictionary(
      mix > 0
        ? fc.oneof({ weight: 5, arbitrary: fc.string({ maxLength: 12 }) }, { weight: mix, arbitrary: odd })
        : fc.string({ minLength: 1, maxLength: 12 }),
      anyValueOf(values, world, mix, depth + 1),
      { maxKeys: 3 },
    );
  }
  const record = fc.record(
    Object.fromEntries(names.map((name) => [name, anyValueOf(properties[name]!, world, mix, depth + 1)])),
    { requiredKeys: (schema.required ?? []).filter((name: string) => names.includes(name)) },
  );
  if (mix === 0) return record;
  // Now and then a key the schema does not know.
  return fc.oneof(
    { weight: 6, arbitrary: record },
    {
      weight: 1,
      arbitrary: fc.tuple(record, hostile).map(([r, v]) => ({ ...(r as object), unknownKey: v })),
    },
  );
}

/** A value for a schema: mostly one it describes, sometimes (weight `mix` in 5) a hostile one. */
export function anyValueOf(schema: Schema, world: FuzzWorld, mix: number, depth = 0): fc.Arbitrary<unknown> {
  const valid = validOf(schema, world, depth, mix);
  return mix > 0 ? fc.oneof({ weight: 5, arbitrary: valid }, { weight: mix, arbitrary: hostile }) : valid;
}

/** A path segment, percent-encoded; a lone surrogate goes as the bytes that encode it (invalid UTF-8). */
export function encodeSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\u0001')).replace(/%01/g, '%ED%A0%80');
}

export const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The id of a real object for a path parameter: by the segment before it, else by its name. */
export function fixtureFor(op: Operation, name: string, world: FuzzWorld): string | undefined {
  const parts = op.path.split('/');
  const before = parts[parts.indexOf(`{${name}}`) - 1] ?? '';
  return world.ids[name] ?? world.ids[before];
}

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

/** Sends one request to the app under test; throws when the app (or its contract check) throws. */
export type Send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) => Promise<Answer>;
