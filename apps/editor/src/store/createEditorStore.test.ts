import type { ApiNodeType } from '@crossroads/api';
import { builtinRegistry } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/catalog.js';
import { builtinItems } from '../catalog/loadCatalog.js';
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
      pack: { name: '@crossroads-examples/ab-split', version: '0.1.0', author: null },
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
    const ys = store.getState().graph.nodes.map((n) => n.position.y);
    expect(ys[1]).toBeGreaterThan(ys[0] ?? 0);
    undo(store);
    expect(store.getState().graph.nodes.every((n) => n.position.y === 0)).toBe(true);
  });

  it('adds a step after an output and connects it, as one undo step', () => {
    const store = make();
    const id = store.getState().addNodeAfter('send', { x: 0, y: 300 }, { source: 's', sourceHandle: 'next' });
    expect(wiring(store.getState().graph)).toContain(`s:next>${id}`);
    expect(store.getState().selectedNodeIds).toEqual([id]);
    undo(store);
    expect(store.getState().graph.nodes).toHaveLength(3);
    expect(wiring(store.getState().graph)).toEqual(['t:next>w', 'w:next>s']);
  });

  it('pastes with the copied top-left under the pointer', () => {
    const store = make();
    store.getState().select(['w']);
    store.getState().copy();
    store.getState().paste({ x: 640, y: 480 });
    const [pasted] = store.getState().selectedNodeIds;
    expect(store.getState().graph.nodes.find((n) => n.id === pasted)?.position).toEqual({ x: 640, y: 480 });
  });

  it('makes a run of arrow-key nudges of one selection a single undo step', () => {
    const store = make();
    for (const y of [5, 10, 15]) store.getState().commitMove({ w: { x: 0, y } }, 'nudge:w');
    expect(store.getState().graph.nodes[1]?.position).toEqual({ x: 0, y: 15 });
    undo(store);
    expect(store.getState().graph.nodes[1]?.position).toEqual({ x: 0, y: 0 });
  });

  it('opens drafts with older gate configs in the current version, keeping every edge', () => {
    const gate = {
      id: 'gate',
      type: 'segment-gate',
      version: 1,
      position: { x: 0, y: 0 },
      config: {
        branches: [
          { id: 'hot', label: 'Hot', rule: true },
          { id: 'warm', label: 'hot', rule: true },
        ],
      },
    };
    const graph = graphOf(
      [node('t', 'trigger'), gate, node('a'), node('b')],
      ['t>gate', 'gate:hot>a', 'gate:warm>b'],
    );
    const catalog = createCatalog(builtinItems(), (type, v) => builtinRegistry.get(type, v));
    const store = createEditorStore({ graph, catalog, newId: counterIds() });
    const opened = store.getState().graph.nodes[1];
    expect(opened).toMatchObject({ version: 2 });
    expect(catalog.outputsOf(opened as never).map((o) => o.label)).toEqual(['Hot', 'hot (2)', 'Else']);
    expect(store.getState().graph.edges).toEqual(graph.edges);
    const readOnly = createEditorStore({ graph, catalog, readOnly: true });
    expect(readOnly.getState().graph).toBe(graph);
  });

  it('renames, reorders and removes gate branches without leaving an edge on a missing output', () => {
    const catalog = createCatalog(builtinItems(), (type, v) => builtinRegistry.get(type, v));
    const gate = {
      id: 'gate',
      type: 'segment-gate',
      version: 2,
      position: { x: 0, y: 0 },
      config: {
        branches: [
          { id: 'b1', label: 'Hot', rule: true },
          { id: 'b2', label: 'Warm', rule: true },
        ],
      },
    };
    const graph = graphOf(
      [node('t', 'trigger'), gate, node('a'), node('b'), node('c')],
      ['t>gate', 'gate:b1>a', 'gate:b2>b', 'gate:else>c'],
    );
    const store = createEditorStore({ graph, catalog, newId: counterIds() });
    const branches = (list: Array<[string, string]>) => ({
      branches: list.map(([id, label]) => ({ id, label, rule: true })),
    });
    store.getState().updateConfig(
      'gate',
      branches([
        ['b2', 'Score over 50'],
        ['b1', 'Hot'],
      ]),
    );
    expect(wiring(store.getState().graph)).toEqual(['gate:b1>a', 'gate:b2>b', 'gate:else>c', 't:next>gate']);
    store.getState().updateConfig('gate', branches([['b1', 'Hot']]));
    expect(wiring(store.getState().graph)).toEqual(['gate:b1>a', 'gate:else>c', 't:next>gate']);
    undo(store);
    expect(wiring(store.getState().graph)).toContain('gate:b2>b');
  });
});
