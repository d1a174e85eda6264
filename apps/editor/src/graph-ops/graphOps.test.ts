import { describe, expect, it } from 'vitest';
import { graphOf, node, wiring } from '../test-support/graphs.js';
import { addNode } from './addNode.js';
import { autoLayout } from './autoLayout.js';
import { copyNodes, pasteFragment } from './clipboard.js';
import { connect, deleteEdges } from './connect.js';
import { deleteNodes } from './deleteNodes.js';
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
  it('moves the target and everything downstream right when the new node would crowd it', () => {
    const at = (id: string, x: number) => ({ ...node(id), position: { x, y: 0 } });
    const g = graphOf([at('a', 0), at('b', 320), at('c', 640), at('side', 100)], ['a>b', 'b>c']);
    const { graph } = insertNodeOnEdge(
      g,
      'edge0',
      { type: 'wait', version: 1, config: {}, position: { x: 320, y: 0 } },
      [{ id: 'next', label: 'Next' }],
      counterIds(),
    );
    const x = Object.fromEntries(graph.nodes.map((n) => [n.id, n.position.x]));
    expect(x).toMatchObject({ a: 0, b: 640, c: 960, side: 100, 'wait-1': 320 });
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
  it('places each node right of the one before it and keeps branch order top to bottom', async () => {
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
    expect(pos.gate?.x).toBeGreaterThan(pos.t?.x ?? 0);
    expect(pos.hot?.x).toBeGreaterThan(pos.gate?.x ?? 0);
    expect(pos.hot?.y).toBeLessThan(pos.cold?.y ?? 0);
  });
});
