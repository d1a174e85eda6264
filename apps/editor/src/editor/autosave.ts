import type { Graph } from '@crossroads/graph-schema';
import { ApiError } from '../api/client.js';
import type { EditorStore } from '../store/createEditorStore.js';

export interface DraftApi {
  saveDraft(id: string, graph: Graph, baseRevision: number): Promise<{ draftRevision: number }>;
  getWorkflow(id: string): Promise<{ draft: Graph; draftRevision: number }>;
}

export interface Autosave {
  /** Saves pending changes now (Ctrl+S, before publishing). */
  flush(): Promise<void>;
  /** After a conflict: take the server's draft (dropping local edits)... */
  takeTheirs(): Promise<void>;
  /** ...or write ours over it. */
  overwrite(): Promise<void>;
  stop(): void;
}

/**
 * Saves the draft a moment after each change, sending the revision it was loaded at. A 409 means
 * someone else saved in between: autosave stops and the store's save status becomes `conflict`
 * until the user picks a side.
 */
export function startAutosave(
  store: EditorStore,
  api: DraftApi,
  workflowId: string,
  delayMs = 1200,
): Autosave {
  let saved: Graph = store.getState().graph;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;

  const save = async (): Promise<void> => {
    if (inFlight) await inFlight;
    const s = store.getState();
    if (s.graph === saved || s.save.status === 'conflict' || s.readOnly) return;
    const graph = s.graph;
    s.setSave({ ...s.save, status: 'saving' });
    inFlight = api
      .saveDraft(workflowId, graph, s.save.revision)
      .then(({ draftRevision }) => {
        saved = graph;
        const dirty = store.getState().graph !== graph;
        store.getState().setSave({ status: dirty ? 'dirty' : 'saved', revision: draftRevision });
        if (dirty) schedule();
      })
      .catch((error: unknown) => {
        const revision = store.getState().save.revision;
        if (error instanceof ApiError && error.status === 409) {
          store.getState().setSave({ status: 'conflict', revision, message: error.message });
        } else {
          const message = error instanceof Error ? error.message : String(error);
          store.getState().setSave({ status: 'error', revision, message });
        }
      })
      .finally(() => {
        inFlight = null;
      });
    await inFlight;
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void save(), delayMs);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.graph === prev.graph) return;
    if (s.save.status !== 'conflict' && s.save.status !== 'saving')
      s.setSave({ ...s.save, status: s.graph === saved ? 'saved' : 'dirty' });
    if (s.graph !== saved) schedule();
  });
  const onUnload = (e: BeforeUnloadEvent) => {
    if (store.getState().graph !== saved) e.preventDefault();
  };
  if (typeof window !== 'undefined') window.addEventListener('beforeunload', onUnload);

  return {
    async flush() {
      clearTimeout(timer);
      await save();
    },
    async takeTheirs() {
      clearTimeout(timer);
      const wf = await api.getWorkflow(workflowId);
      saved = wf.draft;
      store.setState({ graph: wf.draft, save: { status: 'saved', revision: wf.draftRevision } });
      store.temporal.getState().clear();
    },
    async overwrite() {
      clearTimeout(timer);
      const wf = await api.getWorkflow(workflowId);
      store.getState().setSave({ status: 'dirty', revision: wf.draftRevision });
      saved = wf.draft;
      await save();
    },
    stop() {
      clearTimeout(timer);
      unsubscribe();
      if (typeof window !== 'undefined') window.removeEventListener('beforeunload', onUnload);
    },
  };
}
