import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRoutes, fuzzWorld, type Send, statusLine } from '../../testing/routeFuzz.js';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { MAX_BODY_BYTES } from '../app.js';
import { validGraph } from './testGraphs.js';

/** Write endpoints with a path builder (ids resolved once the fixtures exist). */
const WRITES: Array<[string, (ids: { workflowId: string; segmentId: string }) => string]> = [
  ['POST', () => '/v1/workspaces'],
  ['POST', () => '/v1/api-keys'],
  ['POST', () => '/v1/workflows'],
  ['PATCH', (ids) => `/v1/workflows/${ids.workflowId}`],
  ['PUT', (ids) => `/v1/workflows/${ids.workflowId}/draft`],
  ['POST', (ids) => `/v1/workflows/${ids.workflowId}/validate`],
  ['POST', (ids) => `/v1/workflows/${ids.workflowId}/versions`],
  ['POST', (ids) => `/v1/workflows/${ids.workflowId}/activate`],
  ['POST', (ids) => `/v1/workflows/${ids.workflowId}/pause`],
  ['POST', () => '/v1/segments'],
  ['PATCH', (ids) => `/v1/segments/${ids.segmentId}`],
];

const SNEAKY_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'name',
  'graph',
  'rule',
];

/** JSON text with sneaky keys, which JSON.stringify of a plain object cannot produce for __proto__. */
const sneakyJson = fc
  .tuple(fc.constantFrom(...SNEAKY_KEYS), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...SNEAKY_KEYS))
  .map(([a, value, b]) => `{"${a}": {"${b}": ${JSON.stringify(value)}, "polluted": true}, "name": "x"}`);

/** A valid graph with one value somewhere replaced by random JSON (or a sneaky key added). */
const mutatedGraph = fc
  .tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...SNEAKY_KEYS))
  .map(([seed, value, key]) => {
    const graph = validGraph() as unknown as Record<string, unknown>;
    const holders: Array<Record<string, unknown> | unknown[]> = [];
    const walk = (node: unknown) => {
      if (typeof node !== 'object' || node === null) return;
      holders.push(node as Record<string, unknown>);
      for (const child of Object.values(node)) walk(child);
    };
    walk(graph);
    const holder = holders[seed % holders.length]!;
    const keys = Object.keys(holder);
    if (keys.length > 0 && seed % 3 !== 0)
      (holder as Record<string, unknown>)[keys[seed % keys.length]!] = value;
    else Object.defineProperty(holder, key, { value, enumerable: true, configurable: true, writable: true });
    return JSON.stringify({ name: 'fuzz', graph, message: 'm', version: 1, rule: value, role: 'editor' });
  });

const anyNumber = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.constant(2 ** 31));
const numbersBody = fc
  .record({
    version: anyNumber,
    baseRevision: anyNumber,
    graph: fc.constant(validGraph()),
    message: fc.string(),
  })
  .map((v) => JSON.stringify(v));

const anyBody = fc.oneof(
  numbersBody,
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  sneakyJson,
  mutatedGraph,
  fc
    .record({ name: fc.string(), graph: fc.jsonValue({ maxDepth: 3 }), baseRevision: fc.anything() })
    .map((v) => JSON.stringify(v) ?? 'null'),
);

describe('fuzzing the write endpoints', () => {
  let t: TestApp;
  let ids: { workflowId: string; segmentId: string };
  beforeAll(async () => {
    t = await createTestApp();
    const workflow = await t.call('POST', '/v1/workflows', { name: 'Fuzz', graph: validGraph() });
    const segment = await t.call('POST', '/v1/segments', { name: 'fuzz', rule: { '==': [1, 1] } });
    ids = { workflowId: workflow.body.id, segmentId: segment.body.id };
  });
  afterAll(() => t.close());

  const send = (method: string, path: string, body: string, contentType = 'application/json') =>
    t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': contentType },
      body,
    });

  it('never answers 5xx to random bodies, and leaves Object.prototype alone', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WRITES), anyBody, async ([method, path], body) => {
        const res = await send(method, path(ids), body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${method} ${path(ids)} ${body.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400)
          expect(((await res.json()) as { detail: unknown }).detail).toEqual(expect.any(String));
        expect(Object.keys(Object.prototype)).toEqual([]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
    // The bodies reach past parsing: some are accepted, some refused for their content.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses strings Postgres cannot store (lone surrogates, NUL) with a 400 naming the field', async () => {
    for (const bad of ['\\ud800', 'ok\\udfff', '\\u0000']) {
      for (const [method, path] of [
        ['POST', '/v1/workspaces'],
        ['PATCH', `/v1/workflows/${ids.workflowId}`],
      ] as const) {
        const res = await send(method, path, `{"name":"${bad}"}`);
        expect(res.status, `${method} ${path} ${bad}`).toBe(400);
        expect(((await res.json()) as { detail: string }).detail).toMatch(/^name: contains/);
      }
    }
  });

  it('answers 413 to a body over the limit and 400 to deep nesting, on every write endpoint', async () => {
    const huge = JSON.stringify({ name: 'x', graph: { blob: 'a'.repeat(MAX_BODY_BYTES) } });
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const deepObject = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    for (const [method, path] of WRITES) {
      const big = await send(method, path(ids), huge);
      expect(big.status, `${method} ${path(ids)}`).toBe(413);
      for (const body of [deep, deepObject]) {
        const res = await send(method, path(ids), body);
        expect(res.status, `${method} ${path(ids)}`).toBe(400);
        expect(((await res.json()) as { detail: string }).detail).toMatch(/nested deeper/);
      }
    }
  });

  it('refuses graphs past the node limit, and bad UTF-8, with 4xx', async () => {
    const graph = validGraph();
    const template = graph.nodes[1]!;
    graph.nodes = Array.from({ length: 2_500 }, (_, i) => ({ ...template, id: `n${i}` }));
    const tooMany = await send('POST', '/v1/workflows', JSON.stringify({ name: 'big', graph }));
    expect(tooMany.status).toBe(422);
    expect(((await tooMany.json()) as { problems: Array<{ code: string }> }).problems[0]!.code).toBe(
      'limit.nodes',
    );
    const badUtf8 = await t.app.request('/v1/workflows', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0x22, 0x6e, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    });
    expect(badUtf8.status).toBeGreaterThanOrEqual(400);
    expect(badUtf8.status).toBeLessThan(500);
  });
});

/** CI size of the route fuzz (the chaos battery runs it at full size: test/chaos/scenarios/fuzzRoutes.ts). */
const ROUTE_FUZZ = {
  runs: Number(process.env.ROUTE_FUZZ_RUNS ?? 500),
  probes: Number(process.env.ROUTE_FUZZ_PROBES ?? 5),
  seed: 20261124,
};

describe('fuzzing every route of /openapi.json, by every role', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers no 5xx, names the problem of every 4xx and keeps every answer inside its contract', async () => {
    // t.app checks each answer against its route's schema (testApp.ts); a mismatch throws.
    const send: Send = async (method, path, headers, body) => {
      const res = await t.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
      return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
    };
    const doc = (await (await t.app.request('/openapi.json')).json()) as Record<string, unknown>;
    const world = await fuzzWorld(send, t.adminKey, validGraph(), doc);
    const report = await fuzzRoutes(send, world, ROUTE_FUZZ);
    expect(report.failures.slice(0, 10), statusLine(report)).toEqual([]);
    // The fuzz gets past validation: some requests succeed, many are refused for their content.
    expect(report.statuses.get(200) ?? 0).toBeGreaterThan(20);
    expect(report.statuses.get(400) ?? 0).toBeGreaterThan(100);
  }, 120_000);
});
