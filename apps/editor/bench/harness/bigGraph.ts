import type { Graph, GraphEdge, GraphNode } from '@crossroads/graph-schema';

/**
 * A valid journey of `size` nodes: a trigger, then a chain of gate → wait → send, each gate's
 * `else` leading on. Laid out on a wide grid (40 columns) the way a large journey sprawls.
 */
export function bigGraph(size: number): Graph {
  const nodes: GraphNode[] = [
    {
      id: 'n0',
      type: 'trigger',
      version: 1,
      position: { x: 0, y: 0 },
      config: { on: 'event', event: 'page.viewed' },
    },
  ];
  const edges: GraphEdge[] = [];
  let previous = { id: 'n0', handle: 'next' };
  const at = (index: number) => ({ x: (index % 40) * 320, y: Math.floor(index / 40) * 200 });
  for (let i = 1; nodes.length < size; i++) {
    const gate = `g${i}`;
    nodes.push({
      id: gate,
      type: 'segment-gate',
      version: 1,
      position: at(nodes.length),
      config: {
        branches: [
          {
            id: 'hot',
            label: `Score ≥ ${i % 100}`,
            rule: { '>=': [{ var: 'contact.lead_score' }, i % 100] },
          },
        ],
      },
    });
    edges.push({ id: `e${edges.length}`, source: previous.id, sourceHandle: previous.handle, target: gate });
    if (nodes.length < size) {
      nodes.push({
        id: `w${i}`,
        type: 'wait',
        version: 1,
        position: at(nodes.length),
        config: { mode: 'duration', duration: 'P1D' },
      });
      edges.push({ id: `e${edges.length}`, source: gate, sourceHandle: 'hot', target: `w${i}` });
    }
    if (nodes.length < size) {
      nodes.push({
        id: `s${i}`,
        type: 'send',
        version: 1,
        position: at(nodes.length),
        config: {
          subject: `Step ${i}`,
          text: 'Hello {{ contact.first_name }}',
          reason: 'You asked us to keep in touch.',
        },
      });
      edges.push({ id: `e${edges.length}`, source: `w${i}`, sourceHandle: 'next', target: `s${i}` });
    }
    previous = { id: gate, handle: 'else' };
  }
  return {
    schemaVersion: 1,
    id: 'big',
    name: `Journey with ${size} nodes`,
    nodes,
    edges,
    settings: { reentry: 'once', timezone: 'UTC' },
  };
}
