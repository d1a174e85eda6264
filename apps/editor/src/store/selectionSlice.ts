import type { StateCreator } from 'zustand';
import type { EditorState, SelectionSlice } from './types.js';

type Creator = StateCreator<EditorState, [['temporal', unknown]], [], SelectionSlice>;

/** Which nodes/edges are selected, and which inspector field a clicked problem points at. */
export const createSelectionSlice: Creator = (set, get) => ({
  selectedNodeIds: [],
  selectedEdgeIds: [],
  focusPath: null,
  select: (nodeIds, edgeIds = []) => {
    const s = get();
    if (sameIds(s.selectedNodeIds, nodeIds) && sameIds(s.selectedEdgeIds, edgeIds)) return;
    set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds, focusPath: null });
  },
  selectAll: () => set((s) => ({ selectedNodeIds: s.graph.nodes.map((n) => n.id), selectedEdgeIds: [] })),
  focusProblem(problem) {
    const node = problem.nodeId;
    // `nodes[3].config.branches[0].rule` → `branches[0].rule`
    const configPath = /\.config\.?(.*)$/.exec(problem.path)?.[1] ?? null;
    if (node)
      set({ selectedNodeIds: [node], selectedEdgeIds: [], panel: 'inspector', focusPath: configPath });
    else if (problem.path.startsWith('settings')) set({ panel: 'settings', focusPath: problem.path });
    else if (problem.edgeId) set({ selectedNodeIds: [], selectedEdgeIds: [problem.edgeId] });
  },
});

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
