import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { welcomeJourney } from '../../test/helpers/journeys.js';
import { Graph } from '../graph.js';
import { canonicalJson } from './canonicalJson.js';
import { compareGraphs, hashGraph, semanticHash } from './hashGraph.js';

const parsed = () => Graph.parse(welcomeJourney());

/** Rebuilds every object with its keys in a random order (arrays keep their order). */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, random));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(() => random() - 0.5);
  return Object.fromEntries(entries.map(([key, item]) => [key, shuffleKeys(item, random)]));
}

describe('canonicalJson', () => {
  it('sorts keys, drops whitespace and undefined, keeps config array order', () => {
    const graph = Graph.parse({
      schemaVersion: 1,
      id: 'g',
      name: 'G',
      nodes: [
        { id: 'b', type: 'send', version: 1, position: { y: 2, x: 1 }, config: { z: [3, 1], a: 'é' } },
        { id: 'a', type: 'gate', version: 1, position: { x: 0, y: 0 }, config: {}, label: undefined },
      ],
      edges: [{ id: 'e', target: 'b', source: 'a', sourceHandle: 'else' }],
      settings: {},
    });
    expect(canonicalJson(graph)).toBe(
      '{"edges":[{"id":"e","source":"a","sourceHandle":"else","target":"b"}],"id":"g","name":"G",' +
        '"nodes":[{"config":{},"id":"a","position":{"x":0,"y":0},"type":"gate","version":1},' +
        '{"config":{"a":"é","z":[3,1]},"id":"b","position":{"x":1,"y":2},"type":"send","version":1}],' +
        '"schemaVersion":1,"settings":{"reentry":"once","timezone":"UTC"}}',
    );
    expect(canonicalJson(graph, { layout: false })).not.toContain('position');
  });

  it('hashes the canonical text with SHA-256 (same as node:crypto)', () => {
    const graph = parsed();
    const expected = createHash('sha256').update(canonicalJson(graph), 'utf8').digest('hex');
    expect(hashGraph(graph)).toBe(expected);
    expect(hashGraph(graph)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('hashGraph', () => {
  it('does not depend on key order or node/edge order (property)', () => {
    const graph = parsed();
    const hash = hashGraph(graph);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        let state = seed;
        const random = () => {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          return state / 0x7fffffff;
        };
        const shuffled = shuffleKeys(graph, random) as Graph;
        shuffled.nodes.sort(() => random() - 0.5);
        shuffled.edges.sort(() => random() - 0.5);
        expect(hashGraph(shuffled)).toBe(hash);
      }),
      { numRuns: 100 },
    );
  });

  it('changes with any semantic change (property over config values)', () => {
    const graph = parsed();
    const before = semanticHash(graph);
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: graph.nodes.length - 1 }), (value, index) => {
        const changed = structuredClone(graph);
        const node = changed.nodes[index] as (typeof changed.nodes)[number];
        fc.pre(JSON.stringify(value) !== JSON.stringify(node.config.extra));
        node.config.extra = value;
        expect(semanticHash(changed)).not.toBe(before);
        expect(hashGraph(changed)).not.toBe(hashGraph(graph));
      }),
      { numRuns: 100 },
    );
  });

  it('tells layout-only changes from semantic ones', () => {
    const graph = parsed();
    const moved = structuredClone(graph);
    (moved.nodes[0] as (typeof moved.nodes)[number]).position = { x: 500, y: -20 };
    expect(hashGraph(moved)).not.toBe(hashGraph(graph));
    expect(semanticHash(moved)).toBe(semanticHash(graph));
    expect(compareGraphs(graph, moved)).toBe('layout-only');

    const rewired = structuredClone(graph);
    (rewired.edges[3] as (typeof rewired.edges)[number]).target = 'reminder';
    expect(compareGraphs(graph, rewired)).toBe('semantic');
    expect(compareGraphs(graph, structuredClone(graph))).toBe('same');
  });

  it('treats a label, owner or setting change as semantic', () => {
    const graph = parsed();
    const relabelled = {
      ...graph,
      nodes: graph.nodes.map((n, i) => (i === 1 ? { ...n, label: 'Cool-off' } : n)),
    };
    expect(compareGraphs(graph, relabelled)).toBe('semantic');
    expect(compareGraphs(graph, { ...graph, settings: { ...graph.settings, reentry: 'always' } })).toBe(
      'semantic',
    );
  });
});
