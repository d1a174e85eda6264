import { findRoute, ROUTES, responseMismatch } from '@crossroads/api';
import fc from 'fast-check';
import {
  type Answer,
  anyValueOf,
  asText,
  encodeSegment,
  type FuzzWorld,
  fixtureFor,
  HOSTILE,
  type Operation,
  operationsOf,
  resolve,
  type Send,
} from './fuzzValues.js';

/**
 * A schemathesis-style fuzz of every operation of /openapi.json, generated from the document
 * itself: for each parameter and body field, values its schema describes and hostile ones (NUL,
 * lone surrogates, 100,000-character strings, instants outside Postgres' range, wrong types),
 * sent by every role. An answer fails when it is a 5xx, an error of /v1 that is not a problem
 * naming what is wrong, or a body outside the route's contract. Used by the route tests (reduced)
 * and the chaos battery (full size).
 */

export {
  type Answer,
  type FuzzWorld,
  HOSTILE,
  type Operation,
  operationsOf,
  type Parameter,
  type Send,
} from './fuzzValues.js';
export { fuzzWorld } from './fuzzWorld.js';

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
