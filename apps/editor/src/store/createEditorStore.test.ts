import type { ApiNodeType } from '@crossroads/api';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/catalog.js';
import { counterIds } from '../graph-ops/index.js';
import { apiNodeTypes, testCatalog } from '../test-support/catalog.js';
import { graphOf, node, wiring } from '../test-support/graphs.js';
import { createEditorStore, redo, undo } from './createEditorStore.js';

const make = (readOnly = false) =>
  createEditorStore({
    graph: graphOf([node('t', 'trigger'), node('w'), node('s', 'send')], ['t>w', 'w>s']),
    catalog: testCatalog(),
    readOnly,
    newId: counterIds(),
  });

describe('editor store', () => {
  it('adds a node from the catalog with its defaults and selects it', () => {
    const store = make();
    const id = store.getState().addNodeOfType('wait', { x: 10, y: 20 });
    const added = store.getState().graph.nodes.find((n) => n.id === id);
    expect(added).toMatchObject({
      type: 'wait',
      version: 1,
      config: { duration: 'P1D' },
      position: { x: 10, y: 20 },
    });
    expect(store.getState().selectedNodeIds).toEqual([id]);
  });

  it('records the pack of a dropped or pasted pack node in graph.packs', () => {
    const packType = {
      ...apiNodeTypes[1],
      type: 'ab-split/split',
      pack: { name: '@crossroads-examples/ab-split', version: '0.1.0' },
    } as ApiNodeType;
    const store = createEditorStore({
      graph: graphOf([node('t', 'trigger')]),
      catalog: createCatalog([...apiNodeTypes, packType]),
      readOnly: false,
      newId: counterIds(),
    });
    store.getState().addNodeOfType('wait', { x: 0, y: 0 });
    expect(store.getState().graph.packs).toBeUndefined();
    const id = store.getState().addNodeOfType('ab-split/split', { x: 0, y: 0 }) as string;
    expect(store.getState().graph.packs).toEqual({ '@crossroads-examples/ab-split': '^0.1.0' });
    store.getState().copy();
    store.getState().replaceGraph(graphOf([node('t', 'trigger')]));
    store.getState().paste();
    expect(store.getState().graph.nodes.map((n) => n.type)).toEqual(['trigger', 'ab-split/split']);
    expect(store.getState().graph.packs).toEqual({ '@crossroads-examples/ab-split': '^0.1.0' });
    expect(id).toBeTruthy();
  });

  it('undoes and redoes graph edits but not selection changes', () => {
    const store = make();
    store.getState().addNodeOfType('send', { x: 0, y: 0 });
    store.getState().select(['t']);
    expect(store.getState().graph.nodes).toHaveLength(4);
    undo(store);
    expect(store.getState().graph.nodes).toHaveLength(3);
    redo(store);
    expect(store.getState().graph.nodes).toHaveLength(4);
  });

  it('makes a burst of typing in one field a single undo step', () => {
    const store = make();
    for (const duration of ['P', 'P2', 'P2D']) store.getState().updateConfig('w', { duration });
    store.getState().patchNode('w', { label: 'Cool-off' });
    undo(store);
    expect(store.getState().graph.nodes[1]).toMatchObject({ config: { duration: 'P2D' } });
    expect(store.getState().graph.nodes[1]?.label).toBeUndefined();
    undo(store);
    expect(store.getState().graph.nodes[1]?.config).toEqual({});
  });

  it('deletes the selection with edge healing', () => {
    const store = make();
    store.getState().select(['w']);
    store.getState().deleteSelection();
    expect(wiring(store.getState().graph)).toEqual(['t:next>s']);
    expect(store.getState().selectedNodeIds).toEqual([]);
  });

  it('inserts a palette node on an edge', () => {
    const store = make();
    const id = store.getState().insertOnEdge('send', 'edge0', { x: 0, y: 0 });
    expect(wiring(store.getState().graph)).toEqual([`${id}:next>w`, `t:next>${id}`, 'w:next>s'].sort());
  });

  it('copies and pastes the selection with new ids', () => {
    const store = make();
    store.getState().select(['w', 's']);
    store.getState().copy();
    store.getState().paste();
    const { graph, selectedNodeIds } = store.getState();
    expect(graph.nodes).toHaveLength(5);
    expect(selectedNodeIds).toHaveLength(2);
    expect(selectedNodeIds).not.toContain('w');
  });

  it('commits a drag as one undo step', () => {
    const store = make();
    store.getState().moveLive({ w: { x: 5, y: 5 } });
    store.getState().moveLive({ w: { x: 50, y: 60 } });
    expect(store.getState().graph.nodes[1]?.position).toEqual({ x: 0, y: 0 });
    store.getState().commitMove({ w: { x: 100, y: 120 } });
    expect(store.getState().graph.nodes[1]?.position).toEqual({ x: 100, y: 120 });
    expect(store.getState().livePositions).toBeNull();
    undo(store);
    expect(store.getState().graph.nodes[1]?.position).toEqual({ x: 0, y: 0 });
  });

  it('ignores every edit when read-only', () => {
    const store = make(true);
    const before = store.getState().graph;
    store.getState().addNodeOfType('wait', { x: 0, y: 0 });
    store.getState().select(['w']);
    store.getState().deleteSelection();
    store.getState().updateConfig('w', { duration: 'P9D' });
    expect(store.getState().graph).toBe(before);
  });

  it('focuses the node and config field a problem points at', () => {
    const store = make();
    store.getState().setPanel('settings');
    store.getState().focusProblem({
      code: 'config.invalid',
      severity: 'error',
      path: 'nodes[1].config.branches[0].rule',
      nodeId: 'w',
      message: 'bad',
    });
    expect(store.getState()).toMatchObject({
      selectedNodeIds: ['w'],
      panel: 'inspector',
      focusPath: 'branches[0].rule',
    });
  });

  it('auto-layout moves nodes and is undoable', async () => {
    const store = make();
    await store.getState().autoLayout();
    const xs = store.getState().graph.nodes.map((n) => n.position.x);
    expect(xs[1]).toBeGreaterThan(xs[0] ?? 0);
    undo(store);
    expect(store.getState().graph.nodes.every((n) => n.position.x === 0)).toBe(true);
  });
});
