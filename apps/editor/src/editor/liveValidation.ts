import { validateGraph } from '@crossroads/graph-schema';
import type { EditorStore } from '../store/createEditorStore.js';

/**
 * Re-validates the graph with the shared `validateGraph` shortly after each change (debounced so
 * typing in a field does not validate per keystroke). Returns the unsubscribe function.
 */
export function startLiveValidation(store: EditorStore, delayMs = 200): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    const { graph, catalog } = store.getState();
    store.getState().setProblems(validateGraph(graph, catalog.registry).problems);
  };
  run();
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.graph === prev.graph) return;
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
