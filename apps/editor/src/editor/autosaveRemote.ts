import { type Graph, mergeGraphs } from '@crossroads/graph-schema';
import type { EditorStore } from '../store/createEditorStore.js';

/** Past and future undo steps rebased at most this far back (each costs a merge). */
const REBASED_STEPS = 100;

/**
 * Brings changes saved elsewhere (`base` → `next`) into this tab. The canvas shows `graph`
 * (`next`, or a merge of it with unsaved local edits); every undo and redo step is rebased the same
 * way, keeping their changes where they conflict, so undoing our own step never takes back
 * someone else's. Not an undo step itself.
 */
export function applyRemote(store: EditorStore, base: Graph, next: Graph, graph: Graph): void {
  const temporal = store.temporal.getState();
  const rebase = (states: typeof temporal.pastStates, keepNewest: boolean) => {
    const kept = keepNewest ? states.slice(-REBASED_STEPS) : states.slice(0, REBASED_STEPS);
    return kept.map((state) =>
      state.graph ? { ...state, graph: mergeGraphs(base, next, state.graph).graph } : state,
    );
  };
  const pastStates = rebase(temporal.pastStates, true);
  const futureStates = rebase(temporal.futureStates, false);
  temporal.pause();
  store.setState({ graph });
  temporal.resume();
  store.temporal.setState({ pastStates, futureStates });
}
