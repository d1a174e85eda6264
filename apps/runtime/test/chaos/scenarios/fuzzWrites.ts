import fc from 'fast-check';
import { fiveStepJourney } from '../../../bench/harness/journeys.js';
import {
  type Answer,
  type InProcessApp,
  type Operation,
  operations,
  startInProcessApp,
} from '../inProcessApp.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SEED = 20261124;

/** `{"a":{"a":...}}` nested `depth` levels, as text (JSON.stringify would recurse as deep). */
const deeplyNested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A journey of `count` nodes: a trigger then a chain of waits (valid shape, beyond the node limit when large). */
function hugeGraph(count: number) {
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    type: i === 0 ? 'trigger' : 'wait',
    version: 1,
    position: { x: i * 10, y: 0 },
    config: i === 0 ? { on: 'event', event: 'x' } : { mode: 'duration', duration: 'PT1S' },
  }));
  const edges = nodes
    .slice(1)
    .map((n, i) => ({ id: `e${i}`, source: `n${i}`, sourceHandle: 'next', target: n.id }));
  return { schemaVersion: 1, id: 'huge', name: 'Huge', nodes, edges, settings: { reentry: 'once' } };
}

/** The five-step journey with its edges turned into cycles (wait → gate, handoff → trigger). */
function cyclicGraph() {
  const graph = fiveStepJourney('fuzz.cycle') as unknown as { edges: Array<Record<string, string>> };
  graph.edges.push({ id: 'back', source: 'wait', sourceHandle: 'next', target: 'gate' });
  graph.edges.push({ id: 'loop', source: 'send', sourceHandle: 'next', target: 'send' });
  return graph;
}

/** Fixed nasty bodies every write endpoint gets, besides the random ones. */
function nastyBodies(): Array<[string, unknown]> {
  const badUtf8 = new Uint8Array([
    0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d,
  ]);
  return [
    ['empty body', ''],
    ['not JSON', '{"name": '],
    ['invalid UTF-8 bytes', badUtf8],
    ['__proto__ key', '{"__proto__":{"polluted":"yes"},"name":"x","graph":{"__proto__":{"polluted":"yes"}}}'],
    [
      'constructor.prototype key',
      '{"constructor":{"prototype":{"polluted":"yes"}},"attributes":{"__proto__":{"polluted":"yes"}}}',
    ],
    ['nested 10,000 levels (object)', deeplyNested(10_000)],
    ['nested 100,000 levels (array)', deepArray(100_000)],
    ['4 MB string', JSON.stringify({ name: 'x'.repeat(4 * 2 ** 20) })],
    ['6 MB body (over the limit)', JSON.stringify({ blob: 'y'.repeat(6 * 2 ** 20) })],
    [
      '100,000-element array',
      JSON.stringify({
        batch: Array.from({ length: 100_000 }, (_, i) => ({ contactId: `c${i}`, type: 't' })),
      }),
    ],
    ['10,000-node graph', { name: 'huge', graph: hugeGraph(10_000) }],
    ['cyclic graph', { name: 'cyclic', graph: cyclicGraph() }],
    [
      'NUL characters',
      { name: 'a\u0000b', contactId: '\u0000', type: 'x\u0000', attributes: { '\u0000': 1 } },
    ],
    ['lone surrogates', { name: '\ud800', contactId: '\udfff', attributes: { k: '\ud800' } }],
    [
      'numbers at the edges',
      '{"version":1e308,"limit":-0,"id":9007199254740993,"rule":{">":[1,1e400]},"name":1e400}',
    ],
  ];
}

const problemNamed = (a: Answer) =>
  typeof a.body === 'object' &&
  a.body !== null &&
  typeof a.body.detail === 'string' &&
  a.body.detail.trim().length > 0;

/**
 * Every write endpoint of /openapi.json gets random JSON (fast-check, fixed seed) and a set of
 * nasty bodies, in this process so its memory and Object.prototype can be watched. Expect: no
 * 5xx, every 4xx a problem+json whose `detail` names the problem, RSS bounded, prototypes clean.
 */
export async function fuzzWrites(scale: Scale): Promise<ScenarioResult> {
  const r = new Recorder(
    'Fuzz every write endpoint',
    `${scale.fuzzRuns} random JSON bodies (fast-check, seed ${SEED}) per write endpoint of /openapi.json plus 15 fixed nasty bodies each (invalid UTF-8, __proto__ keys, 10,000- and 100,000-level nesting, 4 MB and 6 MB bodies, a 10,000-node and a cyclic graph, NUL and lone surrogates), against the app in-process`,
  );
  let api: InProcessApp | undefined;
  try {
    api = await startInProcessApp();
    const ops = (await operations(api)).filter((op) => WRITE.has(op.method));
    const ids = await ownObjects(api);
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).join(',');
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let requests = 0;
    const statuses = new Map<number, number>();
    const unnamed: string[] = [];
    const fives: string[] = [];
    const random = fc.sample(fc.jsonValue({ maxDepth: 6 }), { numRuns: scale.fuzzRuns, seed: SEED });
    const structured = fc.sample(
      fc.record(
        {
          name: fc.oneof(fc.string(), fc.jsonValue()),
          graph: fc.oneof(fc.jsonValue(), fc.constant(fiveStepJourney('fuzz'))),
          attributes: fc.dictionary(fc.string(), fc.jsonValue()),
          batch: fc.array(
            fc.record({ contactId: fc.string(), type: fc.string(), properties: fc.jsonValue() }),
            { maxLength: 5 },
          ),
          rule: fc.jsonValue(),
          role: fc.string(),
          version: fc.oneof(fc.integer(), fc.string()),
        },
        { requiredKeys: [] },
      ),
      { numRuns: scale.fuzzRuns, seed: SEED + 1 },
    );
    for (const op of ops) {
      const path = fillPath(op, ids);
      const bodies: Array<[string, unknown]> = [
        ...nastyBodies(),
        ...random.map((b, i): [string, unknown] => [`random #${i}`, b]),
        ...structured.map((b, i): [string, unknown] => [`structured #${i}`, b]),
      ];
      for (const [label, body] of bodies) {
        const answer = await api.request(op.method, path, body);
        requests++;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500)
          fives.push(`${op.method} ${op.path} with ${label}: ${answer.status} ${answer.text.slice(0, 160)}`);
        // Pages for people (/u/:token) answer HTML; the JSON API must answer problem+json.
        else if (answer.status >= 400 && op.path.startsWith('/v1/') && !problemNamed(answer))
          unnamed.push(
            `${op.method} ${op.path} with ${label}: ${answer.status} ${answer.text.slice(0, 120)}`,
          );
      }
    }
    global.gc?.();
    const rssDelta = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    r.figure('write endpoints fuzzed', ops.length);
    r.figure('requests', requests);
    r.figure(
      'answers by status',
      [...statuses.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}: ${n}`)
        .join(', '),
    );
    r.expect('5xx answers', fives.length, (n) => n === 0, '0');
    for (const line of fives.slice(0, 8)) r.fail(line);
    r.expect('4xx answers of /v1 without a problem detail', unnamed.length, (n) => n === 0, '0');
    for (const line of unnamed.slice(0, 5)) r.fail(line);
    r.expect(
      'RSS growth of the API process over the fuzz (MiB)',
      Math.round(rssDelta),
      (n) => n < 400,
      '< 400',
    );
    const polluted = ({} as Record<string, unknown>).polluted !== undefined;
    r.expect(
      'Object.prototype changed',
      polluted || Object.getOwnPropertyNames(Object.prototype).join(',') !== protoBefore ? 'yes' : 'no',
      (v) => v === 'no',
      'no',
    );
  } catch (error) {
    r.fail(`aborted: ${(error as Error).stack ?? error}`);
  } finally {
    await api?.close();
  }
  return r.done();
}

/** Real objects of the caller's own workspace, so handlers get past their lookups. */
async function ownObjects(api: InProcessApp): Promise<Record<string, string>> {
  const wf = await api.request('POST', '/v1/workflows', {
    name: 'fuzz',
    graph: fiveStepJourney('fuzz.start'),
  });
  const seg = await api.request('POST', '/v1/segments', {
    name: 'fuzz_segment',
    rule: { '>': [{ var: 'contact.lead_score' }, 1] },
  });
  await api.request('PUT', '/v1/contacts/fuzz-contact', { attributes: { email: 'f@example.com' } });
  const key = await api.request('POST', '/v1/api-keys', { name: 'fuzz', role: 'ingest' });
  return {
    workflows: wf.body?.id ?? '00000000-0000-4000-8000-000000000000',
    segments: seg.body?.id ?? '00000000-0000-4000-8000-000000000000',
    contacts: 'fuzz-contact',
    'api-keys': key.body?.id ?? '00000000-0000-4000-8000-000000000000',
  };
}

/** The path with its parameters filled: the object named by the segment before each, else a plausible value. */
export function fillPath(op: Operation, ids: Record<string, string>): string {
  const parts = op.path.split('/');
  return parts
    .map((part, i) => {
      if (!part.startsWith(':')) return part;
      if (part === ':version') return '1';
      return ids[parts[i - 1] ?? ''] ?? '00000000-0000-4000-8000-000000000000';
    })
    .join('/');
}
