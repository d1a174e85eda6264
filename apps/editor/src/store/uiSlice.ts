import type { StateCreator } from 'zustand';
import * as ops from '../graph-ops/index.js';
import type { EditorState, UiSlice } from './types.js';

type Creator = StateCreator<EditorState, [['temporal', unknown]], [], UiSlice>;

/** Panels, problems, save status and the clipboard. */
export const createUiSlice =
  (revision: number): Creator =>
  (set, get) => ({
    problems: [],
    clipboard: null,
    panel: 'inspector',
    save: { status: 'saved', revision },
    dropEdgeId: null,
    sizes: {},
    overlay: null,
    setOverlay: (overlay) => set({ overlay }),
    pointer: { current: null },
    setSizes: (sizes) => set((s) => ({ sizes: { ...s.sizes, ...sizes } })),
    setProblems: (problems) => set({ problems }),
    setPanel: (panel) => set({ panel }),
    setSave: (save) => set({ save }),
    setDropEdge: (dropEdgeId) => {
      if (get().dropEdgeId !== dropEdgeId) set({ dropEdgeId });
    },
    copy() {
      const { graph, selectedNodeIds } = get();
      if (selectedNodeIds.length > 0) set({ clipboard: ops.copyNodes(graph, selectedNodeIds) });
    },
    paste(at) {
      const { clipboard, readOnly } = get();
      if (!clipboard || readOnly) return;
      const origin = ops.fragmentOrigin(clipboard);
      const offset = at ? { x: Math.round(at.x - origin.x), y: Math.round(at.y - origin.y) } : undefined;
      const { graph, ids } = ops.pasteFragment(get().graph, clipboard, get().newId, offset);
      // A fragment copied from another journey may bring pack nodes this one does not list yet.
      get().replaceGraph(ops.recordPacks(graph, get().catalog.packOf));
      set({ selectedNodeIds: ids, selectedEdgeIds: [] });
      // Shift the clipboard so a second paste does not land on the first.
      set({ clipboard: ops.copyNodes(graph, ids) });
    },
    duplicate() {
      get().copy();
      get().paste();
    },
  });
