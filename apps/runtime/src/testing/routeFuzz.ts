import { findRoute, ROUTES, responseMismatch } from '@crossroads/api';
import fc from 'fast-check';

/**
 * A schemathesis-style fuzz of every operation of /openapi.json, generated from the document
 * itself: for each parameter and body field, values its schema describes and hostile ones (NUL,
 * lone surrogates, 100,000-character strings, instants outside Postgres' range, wrong types),
 * sent by every role. An answer fails when it is a 5xx, an error of /v1 that is not a problem
 * naming what is wrong, or a body outside the route's contract. Used by the route tests (reduced)
 * and the chaos battery (full size).
 */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes are read field by field
type Schema = Record<string, any>;

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

/** What the fuzz addresses: API keys by caller (null: no key), ids of real objects, a valid graph. */
export interface FuzzWorld {
  callers: Record<string, string | null>;
  /** By the path segment before a parameter (`workflows`, `contacts`, …) or the parameter's name. */
  ids: Record<string, string>;
  graph: unknown;
  doc: Schema;
}

export interface FuzzSize {
  /** Random requests (operation, caller, every parameter and the body drawn at random). */
  runs: number;
  /** Hostile values tried in turn on each parameter and top-level body field (0: none). */
  probes: number;
  seed: number;
}

export interface FuzzReport {
  requests: number;
  statuses: Map<number, number>;
  failures: string[];
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

const hostile = fc.constantFrom(...HOSTILE);

function resolve(schema: Schema, doc: Schema): Schema {
  if (typeof schema.$ref !== 'string' || !schema.$ref.startsWith('#/components/schemas/')) return schema;
  return doc.components.schemas[schema.$ref.slice('#/components/schemas/'.length)] ?? {};
}

function stringOf(schema: Schema, world: FuzzWorld): fc.Arbitrary<string> {
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
function validOf(raw: Schema, world: FuzzWorld, depth: number, mix: number): fc.Arbitrary<unknown> {
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

function objectOf(schema: Schema, world: FuzzWorld, depth: number, mix: number): fc.Arbitrary<unknown> {
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
function anyValueOf(schema: Schema, world: FuzzWorld, mix: number, depth = 0): fc.Arbitrary<unknown> {
  const valid = validOf(schema, world, depth, mix);
  return mix > 0 ? fc.oneof({ weight: 5, arbitrary: valid }, { weight: mix, arbitrary: hostile }) : valid;
}

/** A path segment, percent-encoded; a lone surrogate goes as the bytes that encode it (invalid UTF-8). */
function encodeSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\u0001')).replace(/%01/g, '%ED%A0%80');
}

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The id of a real object for a path parameter: by the segment before it, else by its name. */
function fixtureFor(op: Operation, name: string, world: FuzzWorld): string | undefined {
  const parts = op.path.split('/');
  const before = parts[parts.indexOf(`{${name}}`) - 1] ?? '';
  return world.ids[name] ?? world.ids[before];
}

interface Draft {
  op: Operation;
  caller: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
  /** Sent as is instead of JSON.stringify(body). */
  rawBody?: string;
  header?: string;
}

function requestOf(op: Operation, world: FuzzWorld, mix = 1): fc.Arbitrary<Draft> {
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  const query: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') {
      const known = fixtureFor(op, p.name, world);
      params[p.name] =
        known && mix === 0
          ? fc.constant(known)
          : known
            ? fc.oneof(
                { weight: 6, arbitrary: fc.constant(known) },
                { weight: 2, arbitrary: anyValueOf(p.schema, world, mix) },
              )
            : anyValueOf(p.schema, world, mix);
    } else query[p.name] = anyValueOf(p.schema, world, mix);
  }
  const nasty = fc.constantFrom('', '{', 'null', '[]', '"x"', '{"a":'.repeat(200));
  const value = anyValueOf(op.body ?? {}, world, mix).map((body) => ({ body }));
  const body = !op.body
    ? fc.constant({})
    : mix === 0
      ? value
      : fc.oneof(
          { weight: 8, arbitrary: value },
          { weight: 1, arbitrary: nasty.map((rawBody) => ({ rawBody })) },
        );
  // Header values are bytes without NUL, CR or LF (fetch refuses those): odd ones and huge ones.
  const header =
    mix === 0
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 8, arbitrary: fc.constant(undefined) },
          {
            weight: 1,
            arbitrary: fc.string({
              unit: fc
                .integer({ min: 1, max: 255 })
                .filter((c) => c !== 10 && c !== 13)
                .map((c) => String.fromCharCode(c)),
              maxLength: 64,
            }),
          },
          { weight: 1, arbitrary: fc.constant('y'.repeat(20_000)) },
        );
  return fc
    .record({
      caller:
        mix === 0
          ? fc.constant(Object.keys(world.callers)[0]!)
          : fc.constantFrom(...Object.keys(world.callers)),
      params: fc.record(params),
      query: fc.record(query, { requiredKeys: [] }),
      body,
      header,
    })
    .map(({ body: b, ...rest }) => ({ op, ...rest, ...b }));
}

async function sendDraft(
  send: Send,
  world: FuzzWorld,
  draft: Draft,
  report: FuzzReport,
): Promise<Answer | null> {
  const { op } = draft;
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeSegment(draft.params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(draft.query)) {
    if (value !== undefined) search.set(name, asText(value).replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
  const url = search.size > 0 ? `${path}?${search}` : path;
  const key = world.callers[draft.caller];
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (draft.header !== undefined) headers['x-fuzz'] = draft.header;
  const body = draft.rawBody ?? (op.body && 'body' in draft ? JSON.stringify(draft.body) : undefined);
  const label = () =>
    `${op.method} ${url.slice(0, 160)} as ${draft.caller}${body !== undefined ? ` with ${body.slice(0, 200)}` : ''}`;
  report.requests++;
  let answer: Answer;
  try {
    answer = await send(op.method, url, headers, body);
  } catch (error) {
    report.failures.push(`${label()}: threw ${(error as Error).message.slice(0, 400)}`);
    return null;
  }
  report.statuses.set(answer.status, (report.statuses.get(answer.status) ?? 0) + 1);
  const failure = judge(op, url, answer);
  if (failure) report.failures.push(`${label()}: ${failure}`);
  return answer;
}

/** Why an answer is wrong, or null. */
function judge(op: Operation, url: string, answer: Answer): string | null {
  if (answer.status >= 500) return `${answer.status} ${answer.text.slice(0, 200)}`;
  let body: unknown = answer.text;
  if (answer.contentType?.includes('json')) {
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `${answer.status} with a body that is not JSON`;
    }
  }
  if (answer.status >= 400 && op.path.startsWith('/v1/')) {
    const detail = (body as { detail?: unknown } | null)?.detail;
    if (
      !answer.contentType?.startsWith('application/problem+json') ||
      typeof detail !== 'string' ||
      !detail.trim()
    )
      return `${answer.status} without a problem detail: ${answer.text.slice(0, 200)}`;
  }
  const route = findRoute(ROUTES, op.method, url.split('?')[0]!);
  const mismatch = responseMismatch(route, answer.status, answer.contentType, body);
  return mismatch ? `${answer.status} outside its contract: ${mismatch}` : null;
}

/**
 * A request the app accepts (2xx/3xx), so that one hostile field is all that is wrong with the
 * sweep's variations of it: the first of up to 30 clean samples that is accepted, else the first.
 */
async function acceptedBase(send: Send, world: FuzzWorld, op: Operation, size: FuzzSize, report: FuzzReport) {
  const candidates = fc.sample(requestOf(op, world, 0), { numRuns: 30, seed: size.seed });
  for (const candidate of candidates) {
    const answer = await sendDraft(send, world, candidate, report);
    if (answer && answer.status < 400) return candidate;
  }
  return candidates[0]!;
}

/** Paths to every value inside a JSON value (at most `limit`, at most 5 deep), e.g. `['batch', 0, 'timestamp']`. */
function pathsIn(value: unknown, limit = 40): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    if (paths.length >= limit || path.length > 5 || typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      const at = [...path, Array.isArray(node) ? Number(key) : key];
      paths.push(at);
      walk(child, at);
    }
  };
  walk(value, []);
  return paths;
}

/** A copy of `value` with the value at `path` replaced. */
function replaced(value: unknown, path: Array<string | number>, by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = by;
  return copy;
}

/** One operation, one field at a time (parameters, every value in the body) set to hostile values. */
async function sweep(send: Send, world: FuzzWorld, op: Operation, size: FuzzSize, report: FuzzReport) {
  if (size.probes === 0) return;
  const base = await acceptedBase(send, world, op, size, report);
  const body = typeof base.body === 'object' && base.body !== null ? base.body : {};
  // Every value the accepted body has, and the top-level fields it left out.
  const fields = pathsIn(body);
  for (const name of Object.keys(resolve(op.body ?? {}, world.doc).properties ?? {})) {
    if (!fields.some((path) => path.length === 1 && path[0] === name)) fields.push([name]);
  }
  for (const value of HOSTILE.slice(0, size.probes)) {
    for (const p of op.parameters) {
      const params = p.in === 'path' ? { ...base.params, [p.name]: value } : base.params;
      const query = p.in === 'query' ? { ...base.query, [p.name]: value } : base.query;
      await sendDraft(send, world, { ...base, params, query }, report);
    }
    for (const path of fields)
      await sendDraft(send, world, { ...base, body: replaced(body, path, value) }, report);
    if (op.body) await sendDraft(send, world, { ...base, body: value }, report);
  }
}

/**
 * Fuzzes the operations: for each, an accepted request with every field in turn set to hostile
 * values (by the instance admin), then `runs` random requests by every caller. Reads go before
 * writes, deletes last, so the objects most requests address exist for as long as possible.
 */
export async function fuzzRoutes(send: Send, world: FuzzWorld, size: FuzzSize): Promise<FuzzReport> {
  const rank = (op: Operation) => (op.method === 'GET' ? 0 : op.method === 'DELETE' ? 2 : 1);
  const ops = operationsOf(world.doc);
  const report: FuzzReport = { requests: 0, statuses: new Map(), failures: [] };
  const random = fc.sample(
    fc.constantFrom(...ops).chain((op) => requestOf(op, world)),
    { numRuns: size.runs, seed: size.seed + 1 },
  );
  for (const stage of [0, 1, 2]) {
    for (const op of ops.filter((o) => rank(o) === stage)) await sweep(send, world, op, size, report);
    for (const draft of random.filter((d) => rank(d.op) === stage))
      await sendDraft(send, world, draft, report);
  }
  return report;
}

/** A summary line of the answers by status, e.g. `200: 310, 400: 1022, 404: 87`. */
export const statusLine = (report: FuzzReport) =>
  [...report.statuses.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');

/**
 * Real objects for the fuzz to address, made through the API with the instance admin key: a
 * published, active workflow with a test case, a segment, a contact with events, a suppression,
 * one key per role, and a spare key the fuzz may revoke.
 */
export async function fuzzWorld(
  send: Send,
  adminKey: string,
  graph: unknown,
  doc: Schema,
): Promise<FuzzWorld> {
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await send(
      method,
      path,
      { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body === undefined ? undefined : JSON.stringify(body),
    );
    if (answer.status >= 400)
      throw new Error(`fuzz setup: ${method} ${path} answered ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text || 'null');
  };
  const callers: Record<string, string | null> = { 'instance-admin': adminKey };
  for (const role of ['admin', 'editor', 'publisher', 'auditor', 'ingest']) {
    callers[role] = (await call('POST', '/v1/api-keys', { name: `fuzz-${role}`, role })).key;
  }
  callers['no key'] = null;
  const spare = await call('POST', '/v1/api-keys', { name: 'fuzz-spare', role: 'auditor' });
  const workflow = await call('POST', '/v1/workflows', { name: 'Fuzz', graph });
  await call('POST', `/v1/workflows/${workflow.id}/versions`, { message: 'fuzz' });
  await call('POST', `/v1/workflows/${workflow.id}/activate`, { version: 1 });
  const segment = await call('POST', '/v1/segments', { name: 'fuzz-segment', rule: { '==': [1, 1] } });
  await call('PUT', '/v1/contacts/fuzz-contact', { attributes: { email: 'fuzz@example.com', plan: 'pro' } });
  await call('POST', '/v1/events', {
    contactId: 'fuzz-contact',
    type: 'page.viewed',
    properties: { path: '/pricing' },
  });
  const testCase = await call('POST', `/v1/workflows/${workflow.id}/test-cases`, {
    name: 'fuzz',
    contact: { plan: 'pro' },
    events: [{ after: 0, type: 'page.viewed' }],
    expectedEnd: 'x',
  });
  const suppression = await call('POST', '/v1/suppressions', { email: 'suppressed@example.com' });
  return {
    callers,
    ids: {
      workflows: workflow.id,
      segments: segment.id,
      contacts: 'fuzz-contact',
      contactId: 'fuzz-contact',
      'api-keys': spare.id,
      caseId: testCase.id,
      suppressions: suppression.id,
      version: '1',
      messages: '1',
      handoffs: '1',
    },
    graph,
    doc,
  };
}
