import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigGraph } from '../../test/helpers/bigGraph.js';
import { edge, node, welcomeJourney } from '../../test/helpers/journeys.js';
import { testRegistry } from '../../test/helpers/registry.js';
import { LIMITS } from '../graph.js';
import { validateGraph } from './validateGraph.js';

const validate = (graph: unknown) => validateGraph(graph, testRegistry);

describe('validateGraph on hostile input', () => {
  it('refuses 10,000 nodes before any other work: no node is even looked at', () => {
    // How fast is measured by `pnpm bench` (bench/graph.bench.ts); here, that no node is read.
    let reads = 0;
    const counted = (i: number) =>
      new Proxy(
        { id: `n${i}` },
        {
          get: (target, key) => {
            reads++;
            return Reflect.get(target, key);
          },
        },
      );
    const graph = { ...welcomeJourney(), nodes: Array.from({ length: 10_000 }, (_, i) => counted(i)) };
    expect(validate(graph).problems).toEqual([
      expect.objectContaining({ code: 'limit.nodes', path: 'nodes' }),
    ]);
    expect(reads).toBe(0);
  });

  it('refuses deep nesting without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { and: [deep] };
    const graph = welcomeJourney();
    (graph.nodes[2] as { config: unknown }).config = { branches: [{ id: 'x', label: 'x', rule: deep }] };
    const { problems } = validate(graph);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('limit.depth');
    expect(problems[0]?.path.startsWith('nodes[2].config.branches[0].rule.and[0]')).toBe(true);
  });

  it('refuses huge strings and huge arrays of values', () => {
    const graph = welcomeJourney();
    graph.nodes[3] = node({
      id: 'case-study',
      type: 'send',
      config: { template: 'x'.repeat(200_000), subject: 's' },
    });
    expect(validate(graph).problems).toEqual([
      expect.objectContaining({ code: 'limit.string', path: 'nodes[3].config.template' }),
    ]);
    const wide = { ...welcomeJourney(), junk: new Array(LIMITS.maxJsonValues).fill(0) };
    expect(validate(wide).problems.map((p) => p.code)).toEqual(['limit.values']);
  });

  it('terminates on an in-memory cycle', () => {
    const graph = welcomeJourney() as unknown as Record<string, unknown>;
    graph.self = graph;
    expect(validate(graph).problems.map((p) => p.code)).toEqual(['limit.depth']);
  });

  it('never throws, whatever the input (fuzz)', () => {
    const ids = fc.constantFrom('signup', 'gate', 'nurture', '__proto__', 'constructor', 'x');
    const handles = fc.constantFrom('next', 'hot', 'else', 'onEvent', '__proto__');
    const graphLike = fc.record({
      schemaVersion: fc.oneof(fc.constant(1), fc.integer()),
      id: fc.string(),
      name: fc.string(),
      nodes: fc.array(
        fc.oneof(
          fc.record({
            id: ids,
            type: fc.constantFrom('event-trigger', 'wait', 'gate', 'send', 'wait-for-event', 'toString'),
            version: fc.integer({ min: -1, max: 3 }),
            position: fc.record({ x: fc.double(), y: fc.integer() }),
            config: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())),
          }),
          fc.jsonValue(),
        ),
        { maxLength: 12 },
      ),
      edges: fc.array(fc.record({ id: fc.string(), source: ids, sourceHandle: handles, target: ids }), {
        maxLength: 20,
      }),
      settings: fc.oneof(
        fc.jsonValue(),
        fc.record({ reentry: fc.string(), goal: fc.record({ event: fc.string() }) }),
      ),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), graphLike, fc.anything()), (input) => {
        const result = validate(input);
        expect(Array.isArray(result.problems)).toBe(true);
        expect(result.problems.map((p) => p.code)).not.toContain('internal.error');
        expect(result.ok).toBe(!result.problems.some((p) => p.severity === 'error'));
      }),
      { numRuns: 400 },
    );
  });

  it('survives __proto__ keys from JSON.parse without polluting prototypes', () => {
    const text = JSON.stringify(welcomeJourney()).replace(
      '"config":{"event"',
      '"config":{"__proto__":{"hot":1},"event"',
    );
    const result = validate(JSON.parse(text));
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).hot).toBeUndefined();
  });

  it('copes with a dense tangle of cycles', () => {
    const graph = welcomeJourney();
    for (const source of ['gate', 'case-study', 'follow-up', 'reminder', 'nurture']) {
      graph.edges.push(edge(source, 'next', 'gate', `loop-${source}`));
    }
    const result = validate(graph);
    expect(result.problems.filter((p) => p.code === 'cycle.no-wait')).toHaveLength(1);
  });

  it('validates a realistic 2,000-node graph, and the same again alike', () => {
    // Its time is measured by `pnpm bench` (bench/graph.bench.ts), not asserted here (issue 18).
    const graph = JSON.parse(JSON.stringify(bigGraph(2000)));
    const first = validate(graph);
    expect(first.problems).toEqual([]);
    expect(validate(graph)).toEqual(first);
  });
});
