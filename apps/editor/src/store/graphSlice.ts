import type { TemporalState } from 'zundo';
import type { StateCreator, StoreApi } from 'zustand';
import * as ops from '../graph-ops/index.js';
import type { EditorState, GraphSlice } from './types.js';

export interface GraphSliceInit {
  graph: GraphSlice['graph'];
  catalog: GraphSlice['catalog'];
  readOnly: boolean;
  newId: GraphSlice['newId'];
}

/** Keystrokes closer together than this are one undo step. */
const BURST_MS = 1000;

type Creator = StateCreator<EditorState, [['temporal', unknown]], [], GraphSlice>;

/** The graph and every edit of it; each edit is one pure operation from graph-ops. */
export const createGraphSlice =
  (init: GraphSliceInit): Creator =>
  (set, get, api) => {
    let lastBurst = { key: '', at: 0 };
    /**
     * Applies an edit unless read-only; keeps the selection pointing at nodes that exist. Edits
     * with the same `burst` key less than a second apart (typing in one field) share one undo step.
     */
    const edit = (change: (s: EditorState) => Partial<EditorState> | undefined, burst?: string) => {
      if (get().readOnly) return;
      const now = Date.now();
      const coalesce = burst !== undefined && burst === lastBurst.key && now - lastBurst.at < BURST_MS;
      lastBurst = { key: burst ?? '', at: now };
      // zundo types the temporal store as unknown inside slice creators; it is the store's history.
      const history = (
        api as unknown as { temporal: StoreApi<TemporalState<EditorState>> }
      ).temporal.getState();
      if (coalesce) history.pause();
      set((s) => {
        const patch = change(s);
        if (!patch) return {};
        const graph = patch.graph ?? s.graph;
        const nodeIds = new Set(graph.nodes.map((n) => n.id));
        const edgeIds = new Set(graph.edges.map((e) => e.id));
        return {
          ...patch,
          selectedNodeIds: (patch.selectedNodeIds ?? s.selectedNodeIds).filter((id) => nodeIds.has(id)),
          selectedEdgeIds: (patch.selectedEdgeIds ?? s.selectedEdgeIds).filter((id) => edgeIds.has(id)),
        };
      });
      if (coalesce) history.resume();
    };
    const newNode = (type: string, position: ops.NewNode['position']): ops.NewNode | undefined => {
      const entry = get().catalog.latest(type);
      if (!entry) return undefined;
      return { type, version: entry.version, config: structuredClone(entry.defaults), position };
    };

    return {
      ...init,
      livePositions: null,
      replaceGraph: (graph) => edit(() => ({ graph })),
      addNodeOfType(type, position) {
        const node = newNode(type, position);
        if (!node || get().readOnly) return undefined;
        const { graph, id } = ops.addNode(get().graph, node, get().newId);
        edit(() => ({
          graph: ops.recordPacks(graph, get().catalog.packOf),
          selectedNodeIds: [id],
          selectedEdgeIds: [],
          panel: 'inspector',
        }));
        return id;
      },
      insertOnEdge(type, edgeId, position) {
        const node = newNode(type, position);
        if (!node || get().readOnly) return undefined;
        const { catalog, graph: current, newId } = get();
        const outputs = catalog.outputsOf({ id: '', ...node });
        const { graph, id } = ops.insertNodeOnEdge(current, edgeId, node, outputs, newId);
        edit(() => ({
          graph: ops.recordPacks(graph, catalog.packOf),
          selectedNodeIds: [id],
          selectedEdgeIds: [],
          panel: 'inspector',
        }));
        return id;
      },
      addNodeAfter(type, position, from) {
        const node = newNode(type, position);
        if (!node || get().readOnly) return undefined;
        const { graph, id } = ops.addNodeAfter(get().graph, node, from, get().newId);
        edit(() => ({
          graph: ops.recordPacks(graph, get().catalog.packOf),
          selectedNodeIds: [id],
          selectedEdgeIds: [],
          panel: 'inspector',
        }));
        return id;
      },
      connect: (connection) => edit((s) => ({ graph: ops.connect(s.graph, connection, s.newId) })),
      deleteSelection: () =>
        edit((s) => {
          if (s.selectedNodeIds.length === 0 && s.selectedEdgeIds.length === 0) return undefined;
          const withoutEdges = ops.deleteEdges(s.graph, s.selectedEdgeIds);
          return {
            graph: ops.deleteNodes(withoutEdges, s.selectedNodeIds, s.newId),
            selectedNodeIds: [],
            selectedEdgeIds: [],
          };
        }),
      deleteEdges: (ids) => edit((s) => ({ graph: ops.deleteEdges(s.graph, ids) })),
      moveLive: (positions) => {
        if (!get().readOnly) set((s) => ({ livePositions: { ...s.livePositions, ...positions } }));
      },
      commitMove(positions, burst) {
        if (get().readOnly) return;
        const all = { ...get().livePositions, ...positions };
        set({ livePositions: null });
        edit((s) => ({ graph: ops.moveNodes(s.graph, new Map(Object.entries(all))) }), burst);
      },
      updateConfig: (nodeId, config) =>
        edit(
          (s) => ({ graph: ops.updateConfig(s.graph, nodeId, config, s.catalog.outputsOf) }),
          `config:${nodeId}`,
        ),
      patchNode: (nodeId, patch) =>
        edit(
          (s) => ({ graph: ops.patchNode(s.graph, nodeId, patch) }),
          `patch:${nodeId}:${Object.keys(patch).join()}`,
        ),
      updateSettings: (settings) => edit((s) => ({ graph: { ...s.graph, settings } }), 'settings'),
      renameGraph: (name) => edit((s) => ({ graph: { ...s.graph, name } }), 'name'),
      async autoLayout() {
        const { graph, catalog, readOnly } = get();
        if (readOnly) return;
        const laid = await ops.autoLayout(graph, catalog.outputsOf, get().sizes);
        // Skip when the graph changed while ELK was working: applying would undo that edit.
        if (get().graph === graph) edit(() => ({ graph: laid }));
      },
    };
  };
