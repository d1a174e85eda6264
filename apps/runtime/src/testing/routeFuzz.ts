import fc from 'fast-check';
import {
  type FuzzReport,
  type FuzzSize,
  type FuzzWorld,
  type Operation,
  operationsOf,
  type Send,
} from './routeFuzz/operations.js';
import { HOSTILE, requestOf, resolve } from './routeFuzz/requests.js';
import { sendDraft } from './routeFuzz/sendDraft.js';

/**
 * A schemathesis-style fuzz of every operation of /openapi.json, generated from the document
 * itself: for each parameter and body field, values its schema describes and hostile ones (NUL,
 * lone surrogates, 100,000-character strings, instants outside Postgres' range, wrong types),
 * sent by every role. An answer fails when it is a 5xx, an error of /v1 that is not a problem
 * naming what is wrong, or a body outside the route's contract. Used by the route tests (reduced)
 * and the chaos battery (full size).
 */

export type { Answer, FuzzReport, FuzzSize, FuzzWorld, Send } from './routeFuzz/operations.js';
export { HOSTILE } from './routeFuzz/requests.js';
export { fuzzWorld } from './routeFuzz/world.js';

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
