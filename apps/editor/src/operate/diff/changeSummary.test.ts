import type { Graph, GraphChange } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { changeSummary } from './changeSummary.js';

const graph: Graph = {
  schemaVersion: 1,
  id: 'g',
  name: 'G',
  nodes: [
    {
      id: 'gate-x1',
      type: 'segment-gate',
      version: 1,
      position: { x: 0, y: 0 },
      label: 'Sales-ready?',
      config: {},
    },
    { id: 'send-9f', type: 'send', version: 1, position: { x: 0, y: 0 }, label: 'Case study', config: {} },
    { id: 'wait-2', type: 'wait', version: 1, position: { x: 0, y: 0 }, config: {} },
  ],
  edges: [{ id: 'e1', source: 'gate-x1', sourceHandle: 'hot', target: 'send-9f' }],
} as unknown as Graph;
const outputsOf = () => [
  { id: 'hot', label: 'Hot lead' },
  { id: 'else', label: 'Everyone else' },
];

describe('changeSummary', () => {
  it('names connections by step labels and branch labels, never by ids', () => {
    const added: GraphChange = {
      kind: 'edge-added',
      layout: false,
      edgeId: 'e1',
      after: graph.edges[0],
      summary: 'Added edge gate-x1.hot → send-9f',
    };
    const text = changeSummary(added, graph, graph, outputsOf);
    expect(text).toBe("Added connection 'Sales-ready?' (Hot lead) → 'Case study'");
    expect(text).not.toMatch(/gate-x1|send-9f/);
    const removed: GraphChange = {
      kind: 'edge-removed',
      layout: false,
      edgeId: 'e2',
      before: { id: 'e2', source: 'send-9f', sourceHandle: 'next', target: 'wait-2' },
      summary: 'Removed edge send-9f.next → wait-2',
    };
    expect(changeSummary(removed, graph, graph, () => [{ id: 'next', label: 'Next' }])).toBe(
      "Removed connection 'Case study' → 'Wait'",
    );
  });

  it('keeps the summary of changes that already name steps by label', () => {
    const change: GraphChange = {
      kind: 'node-changed',
      layout: false,
      nodeId: 'wait-2',
      summary: "Wait 'x': duration P2D → P3D",
    };
    expect(changeSummary(change, graph, graph, outputsOf)).toBe(change.summary);
  });
});
