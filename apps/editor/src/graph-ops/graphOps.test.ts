import { describe, expect, it } from 'vitest';
import { graphOf, node, wiring } from '../test-support/graphs.js';
import { addNode, addNodeAfter } from './addNode.js';
import { autoLayout } from './autoLayout.js';
import { copyNodes, fragmentOrigin, pasteFragment } from './clipboard.js';
import { connect, deleteEdges } from './connect.js';
import { deleteNodes } from './deleteNodes.js';
import { freeSpot } from './freeSpot.js';
import { counterIds } from './ids.js';
import { insertNodeOnEdge } from './insertNodeOnEdge.js';
import { moveNodes } from './moveNodes.js';
import { patchNode, updateConfig } from './updateNode.js';

describe('addNode', () => {
  it('adds a node with a fresh id and leaves the input untouched', () => {
    const g = graphOf([node('wait-1')]);
    const { graph, id } = addNode(
      g,
      { type: 'wait', version: 1, config: { a: 1 }, position: { x: 5, y: 6 } },
      counterIds(),
    );
    expect(id).toBe('wait-2');
    expect(graph.nodes.map((n) => n.id)).toEqual(['wait-1', 'wait-2']);
    expect(g.nodes).toHaveLength(1);
  });
});

describe('addNodeAfter', () => {
  it("adds a node and connects the output to it in one edit, replacing that output's edge", () => {
    const g = graphOf([node('gate'), node('old')], ['gate:else>old']);
    const { graph, id } = addNodeAfter(
      g,
      { type: 'send', version: 1, config: {}, position: { x: 0, y: 200 } },
      { source: 'gate', sourceHandle: 'else' },
      counterIds(),
    );
    expect(wiring(graph)).toEqual([`gate:else>${id}`]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['gate', 'old', id]);
  });
});

describe('freeSpot', () => {
  it('keeps a free spot and moves a new card below the cards it would cover', () => {
    const at = (id: string, x: number, y: number) => ({ ...node(id), position: { x, y } });
    const g = graphOf([at('a', 0, 0), at('b', 0, 136)]);
    expect(freeSpot(g, {}, { x: 600, y: 0 })).toEqual({ x: 600, y: 0 });
    expect(freeSpot(g, {}, { x: 20, y: 10 })).toEqual({ x: 20, y: 272 });
    expect(freeSpot(g, { b: { width: 260, height: 200 } }, { x: 20, y: 10 })).toEqual({ x: 20, y: 376 });
  });
});

describe('connect', () => {
  it('replaces the edge already leaving the same output (one edge per output)', () => {
    const g = graphOf([node('a'), node('b'), node('c')], ['a:next>b']);
    const next = connect(g, { source: 'a', sourceHandle: 'next', target: 'c' }, counterIds());
    expect(wiring(next)).toEqual(['a:next>c']);
  });
  it('allows different outputs of one node to lead to different nodes', () => {
    const g = graphOf([node('a'), node('b'), node('c')], ['a:event>b']);
    const next = connect(g, { source: 'a', sourceHandle: 'timeout', target: 'c' }, counterIds());
    expect(wiring(next)).toEqual(['a:event>b', 'a:timeout>c']);
  });
  it('ignores self loops and unknown nodes', () => {
    const g = graphOf([node('a')]);
    expect(connect(g, { source: 'a', sourceHandle: 'next', target: 'a' }, counterIds())).toBe(g);
    expect(connect(g, { source: 'a', sourceHandle: 'next', target: 'zz' }, counterIds())).toBe(g);
  });
  it('deleteEdges removes by id', () => {
    const g = graphOf([node('a'), node('b')], ['a>b']);
    expect(deleteEdges(g, ['edge0']).edges).toEqual([]);
  });
});

describe('insertNodeOnEdge', () => {
  it('splices the node in between and wires its first output onward', () => {
    const g = graphOf([node('a'), node('b')], ['a:yes>b']);
    const { graph, id } = insertNodeOnEdge(
      g,
      'edge0',
      { type: 'wait', version: 1, config: {}, position: { x: 0, y: 0 } },
      [{ id: 'next', label: 'Next' }],
      counterIds(),
    );
    expect(wiring(graph)).toEqual([`a:yes>${id}`, `${id}:next>b`]);
  });
  it('moves the target and everything downstream down when the new node would crowd it', () => {
    const at = (id: string, y: number) => ({ ...node(id), position: { x: 0, y } });
    const g = graphOf([at('a', 0), at('b', 170), at('c', 340), at('side', 100)], ['a>b', 'b>c']);
    const { graph } = insertNodeOnEdge(
      g,
      'edge0',
      { type: 'wait', version: 1, config: {}, position: { x: 0, y: 170 } },
      [{ id: 'next', label: 'Next' }],
      counterIds(),
    );
    const y = Object.fromEntries(graph.nodes.map((n) => [n.id, n.position.y]));
    expect(y).toMatchObject({ a: 0, b: 340, c: 510, side: 100, 'wait-1': 170 });
  });
  it('throws naming the edge when it does not exist', () => {
    expect(() =>
      insertNodeOnEdge(
        graphOf([]),
        'nope',
        { type: 'x', version: 1, config: {}, position: { x: 0, y: 0 } },
        [],
        counterIds(),
      ),
    ).toThrow(/nope/);
  });
});

describe('deleteNodes', () => {
  it('heals A → X → B into A → B', () => {
    const g = graphOf([node('a'), node('x'), node('b')], ['a:yes>x', 'x:next>b']);
    const next = deleteNodes(g, ['x'], counterIds());
    expect(next.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(wiring(next)).toEqual(['a:yes>b']);
  });
  it('heals through a chain of deleted nodes', () => {
    const g = graphOf([node('a'), node('x'), node('y'), node('b')], ['a>x', 'x>y', 'y>b']);
    expect(wiring(deleteNodes(g, ['x', 'y'], counterIds()))).toEqual(['a:next>b']);
  });
  it('does not heal past a node with several outgoing edges (a gate)', () => {
    const g = graphOf(
      [node('a'), node('gate'), node('b'), node('c')],
      ['a>gate', 'gate:hot>b', 'gate:else>c'],
    );
    expect(wiring(deleteNodes(g, ['gate'], counterIds()))).toEqual([]);
  });
  it('heals every incoming edge', () => {
    const g = graphOf([node('a'), node('b'), node('x'), node('c')], ['a>x', 'b>x', 'x>c']);
    expect(wiring(deleteNodes(g, ['x'], counterIds()))).toEqual(['a:next>c', 'b:next>c']);
  });
});

describe('copy and paste', () => {
  it('pastes with new ids, keeps inner edges, drops edges to outside nodes, shifts position', () => {
    const g = graphOf([node('a'), node('b'), node('c')], ['a>b', 'b>c']);
    const fragment = copyNodes(g, ['a', 'b']);
    expect(fragment.edges).toHaveLength(1);
    const { graph, ids } = pasteFragment(g, fragment, counterIds());
    expect(ids).toEqual(['wait-1', 'wait-2']);
    expect(wiring(graph)).toContain('wait-1:next>wait-2');
    expect(graph.nodes.find((n) => n.id === 'wait-1')?.position).toEqual({ x: 40, y: 40 });
    expect(graph.nodes).toHaveLength(5);
  });
  it('knows the top-left of a fragment, so paste can land it under the pointer', () => {
    const at = (id: string, x: number, y: number) => ({ ...node(id), position: { x, y } });
    const g = graphOf([at('a', 100, 50), at('b', 40, 300)]);
    const fragment = copyNodes(g, ['a', 'b']);
    expect(fragmentOrigin(fragment)).toEqual({ x: 40, y: 50 });
    const { graph, ids } = pasteFragment(g, fragment, counterIds(), { x: 500 - 40, y: 600 - 50 });
    const pasted = graph.nodes.filter((n) => ids.includes(n.id)).map((n) => n.position);
    expect(pasted).toEqual([
      { x: 560, y: 600 },
      { x: 500, y: 850 },
    ]);
  });

  it('never reuses an id already in the graph', () => {
    const g = graphOf([node('wait-1')]);
    const { ids } = pasteFragment(g, copyNodes(g, ['wait-1']), counterIds());
    expect(ids).toEqual(['wait-2']);
  });
});

describe('moveNodes / updateConfig / patchNode', () => {
  it('moves only the listed nodes, rounding positions', () => {
    const g = graphOf([node('a'), node('b')]);
    const next = moveNodes(g, new Map([['a', { x: 10.4, y: 20.6 }]]));
    expect(next.nodes[0]?.position).toEqual({ x: 10, y: 21 });
    expect(next.nodes[1]).toBe(g.nodes[1]);
  });
  it('drops the edges of outputs a new config no longer has, and only those', () => {
    const outputs = (n: { config: Record<string, unknown> }) =>
      ((n.config.branches as Array<{ id: string; label: string }> | undefined) ?? []).concat({
        id: 'else',
        label: 'Else',
      });
    const gate = {
      ...node('gate', 'segment-gate'),
      config: {
        branches: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    };
    const g = graphOf([gate, node('x'), node('y'), node('z')], ['gate:a>x', 'gate:b>y', 'gate:else>z']);
    const renamed = updateConfig(
      g,
      'gate',
      {
        branches: [
          { id: 'b', label: 'Bee' },
          { id: 'a', label: 'A' },
        ],
      },
      outputs,
    );
    expect(wiring(renamed)).toEqual(['gate:a>x', 'gate:b>y', 'gate:else>z']);
    const removed = updateConfig(g, 'gate', { branches: [{ id: 'b', label: 'B' }] }, outputs);
    expect(wiring(removed)).toEqual(['gate:b>y', 'gate:else>z']);
  });

  it('replaces config and removes empty labels', () => {
    let g = graphOf([node('a')]);
    g = updateConfig(g, 'a', { duration: 'P2D' });
    g = patchNode(g, 'a', { label: 'Cool off' });
    expect(g.nodes[0]).toMatchObject({ config: { duration: 'P2D' }, label: 'Cool off' });
    g = patchNode(g, 'a', { label: '' });
    expect(g.nodes[0]).not.toHaveProperty('label');
    expect(() => patchNode(g, 'zz', {})).toThrow(/zz/);
  });
});

describe('autoLayout', () => {
  it('places each node below the one before it and keeps branch order left to right', async () => {
    const g = graphOf(
      [node('t'), node('gate'), node('hot'), node('cold')],
      ['t>gate', 'gate:hot>hot', 'gate:else>cold'],
    );
    const outputs = (n: { id: string }) =>
      n.id === 'gate'
        ? [
            { id: 'hot', label: 'Hot' },
            { id: 'else', label: 'Else' },
          ]
        : [{ id: 'next', label: 'Next' }];
    const laid = await autoLayout(g, outputs);
    const pos = Object.fromEntries(laid.nodes.map((n) => [n.id, n.position]));
    expect(pos.gate?.y).toBeGreaterThan(pos.t?.y ?? 0);
    expect(pos.hot?.y).toBeGreaterThan(pos.gate?.y ?? 0);
    expect(pos.hot?.x).toBeLessThan(pos.cold?.x ?? 0);
  });
});
