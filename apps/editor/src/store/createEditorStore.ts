import { type Graph, migrateNodeConfigs } from '@crossroads/graph-schema';
import { temporal } from 'zundo';
import { createStore } from 'zustand/vanilla';
import type { NodeCatalog } from '../catalog/catalog.js';
import { type IdFactory, randomId } from '../graph-ops/index.js';
import { createGraphSlice } from './graphSlice.js';
import { createSelectionSlice } from './selectionSlice.js';
import type { EditorState } from './types.js';
import { createUiSlice } from './uiSlice.js';

export interface EditorStoreOptions {
  graph: Graph;
  catalog: NodeCatalog;
  readOnly?: boolean;
  /** Server draft revision the graph was loaded at (autosave sends it as baseRevision). */
  revision?: number;
  newId?: IdFactory;
}

/**
 * Creates one editor's store (a factory, not a global: two canvases never share state).
 * Undo/redo (zundo) tracks the graph only, so selecting or opening panels is not an undo step.
 *
 * @example
 * const store = createEditorStore({ graph, catalog });
 * store.getState().addNodeOfType('wait', { x: 0, y: 0 });
 * store.temporal.getState().undo();
 */
export function createEditorStore({
  graph,
  catalog,
  readOnly = false,
  revision = 0,
  newId = randomId,
}: EditorStoreOptions) {
  // Drafts saved with older node configs open in the current ones (a v1 gate's branches get
  // unique names); published versions are shown as they were published.
  const current = readOnly ? graph : migrateNodeConfigs(graph, catalog.registry).graph;
  return createStore<EditorState>()(
    temporal(
      (...a) => ({
        ...createGraphSlice({ graph: current, catalog, readOnly, newId })(...a),
        ...createSelectionSlice(...a),
        ...createUiSlice(revision)(...a),
      }),
      {
        partialize: (s) => ({ graph: s.graph }),
        equality: (past, current) => past.graph === current.graph,
        limit: 200,
      },
    ),
  );
}

export type EditorStore = ReturnType<typeof createEditorStore>;

/** Undo that is a no-op on read-only canvases. */
export function undo(store: EditorStore): void {
  if (!store.getState().readOnly) store.temporal.getState().undo();
}

export function redo(store: EditorStore): void {
  if (!store.getState().readOnly) store.temporal.getState().redo();
}
