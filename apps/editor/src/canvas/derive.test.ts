import { builtinRegistry } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/catalog.js';
import { builtinItems } from '../catalog/loadCatalog.js';
import { testCatalog } from '../test-support/catalog.js';
import { graphOf, node } from '../test-support/graphs.js';
import { createEdgeDeriver, createNodeDeriver, edgeFacts, problemsByNode } from './derive.js';

describe('deriving React Flow elements from the graph', () => {
  const graph = graphOf([node('t', 'trigger'), node('w'), node('s', 'send')], ['t>w', 'w>s']);
  const none = new Map();

  it('reuses every untouched node object, so memoised node components skip re-rendering', () => {
    const derive = createNodeDeriver(testCatalog());
    const first = derive(graph.nodes, new Set(), none, null, false, {});
    const moved = {
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === 'w' ? { ...n, position: { x: 9, y: 9 } } : n)),
    };
    const second = derive(moved.nodes, new Set(), none, null, false, {});
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.position).toEqual({ x: 9, y: 9 });
  });

  it('marks selection, problems, live drag positions and measured sizes', () => {
    const derive = createNodeDeriver(testCatalog());
    const problems = problemsByNode([
      { code: 'x', severity: 'error', path: 'nodes[1].config', nodeId: 'w', message: 'broken' },
      { code: 'y', severity: 'warning', path: 'nodes[1]', nodeId: 'w', message: 'odd' },
    ]);
    const [, w] = derive(graph.nodes, new Set(['w']), problems, { w: { x: 5, y: 6 } }, false, {
      w: { width: 260, height: 80 },
    });
    expect(w).toMatchObject({
      selected: true,
      position: { x: 5, y: 6 },
      measured: { width: 260, height: 80 },
    });
    expect(w?.data).toMatchObject({ errors: 1, warnings: 1, problem: 'broken', summary: expect.any(String) });
    expect(w?.data.outputs).toEqual([{ id: 'next', label: 'Next' }]);
  });

  it('derives edges with their output as source handle and highlights a drop target', () => {
    const derive = createEdgeDeriver();
    const edges = derive(graph.edges, new Set(), 'edge1');
    expect(edges[0]).toMatchObject({ source: 't', sourceHandle: 'next', target: 'w', className: '' });
    expect(edges[1]?.className).toBe('is-drop-target');
    expect(derive(graph.edges, new Set(), 'edge1')[0]).toBe(edges[0]);
  });

  it('names steps and lines by their labels, and gives each line leaving a gate its own lane', () => {
    const catalog = createCatalog(builtinItems(), (type, v) => builtinRegistry.get(type, v));
    const gate = {
      ...node('g', 'segment-gate'),
      version: 2,
      label: 'Sales-ready?',
      config: { branches: [{ id: 'branch-a1', label: 'Hot SaaS lead', rule: true }] },
    };
    const handoff = { ...node('h', 'sales-handoff'), label: 'Hand to regional AE' };
    const g = graphOf([gate, handoff, node('c', 'send')], ['g:branch-a1>h', 'g:else>c']);
    const problems = problemsByNode([
      { code: 'x', severity: 'error', path: 'nodes[0]', nodeId: 'g', message: 'bad' },
    ]);
    const [rf] = createNodeDeriver(catalog)(g.nodes, new Set(), problems, null, false, {});
    expect(rf?.ariaLabel).toBe('Sales-ready?, Segment gate, 1 error');
    const facts = edgeFacts(g.nodes, catalog);
    expect(facts(g.edges[0] as never)).toEqual({
      ariaLabel: "From 'Sales-ready?', branch Hot SaaS lead, to 'Hand to regional AE'",
      lane: -0.5,
    });
    expect(facts(g.edges[1] as never)).toEqual({
      ariaLabel: "From 'Sales-ready?', branch Else, to 'Send email'",
      lane: 0.5,
    });
    const [edge] = createEdgeDeriver()(g.edges, new Set(), null, facts, true);
    expect(edge).toMatchObject({
      type: 'routed',
      ariaLabel: expect.stringContaining('Hot SaaS lead'),
      data: { lane: -0.5 },
    });
  });
});
