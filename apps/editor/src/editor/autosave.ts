import { DraftConflict, type DraftPresence } from '@crossroads/api';
import {
  type Graph,
  graphItems,
  type MergeSide,
  mergeGraphs,
  sameItem,
  withItem,
} from '@crossroads/graph-schema';
import { z } from 'zod';
import { ApiError } from '../api/client.js';
import type { EditorStore } from '../store/createEditorStore.js';
import type { SaveStatus } from '../store/types.js';
import {
  addReplaced,
  type CollabStore,
  createCollabStore,
  dismissReplaced,
  type ReplacedNotice,
} from './autosaveCollab.js';
import { pendingEdits } from './autosavePending.js';
import { applyRemote } from './autosaveRemote.js';

export interface DraftApi {
  saveDraft(
    id: string,
    graph: Graph,
    baseRevision: number,
    options: { session?: string; keep?: Record<string, MergeSide> },
  ): Promise<{ draftRevision: number; merged?: boolean; draft?: Graph | undefined }>;
  getWorkflow(id: string): Promise<{ draft: Graph; draftRevision: number }>;
  heartbeat?(
    id: string,
    body: { session: string; revision: number; editing: string[] },
  ): Promise<DraftPresence>;
  leaveDraft?(id: string, session: string): Promise<unknown>;
}

export interface AutosaveOptions {
  /** Quiet time after an edit before it is saved. */
  delayMs?: number;
  /** How often a visible tab asks who is here and whether the draft moved on (0: never). */
  heartbeatMs?: number;
  hiddenHeartbeatMs?: number;
  /** First wait before saving again after a network error (doubles up to 30 s). */
  retryMs?: number;
  collab?: CollabStore;
  /** The draft the server holds, when it is not the store's graph (edits restored from this browser). */
  base?: { graph: Graph; revision: number };
  /** Keep unsaved edits in localStorage (under this journey name) until they are saved. */
  pendingName?: () => string;
  /** Our key answered 401: the app offers to sign in again. */
  onKeyRejected?(): void;
}

export interface Autosave {
  collab: CollabStore;
  /** Saves pending changes now (Ctrl+S, before publishing). */
  flush(): Promise<void>;
  /** Settles the conflicts the both-sides dialog showed, by item key, and saves. */
  settle(keep: Record<string, MergeSide>): Promise<void>;
  /** When the draft moved on too far to merge: take the server's draft, dropping local edits... */
  takeTheirs(): Promise<void>;
  /** ...or write ours over it (the people whose changes it replaces are told). */
  overwrite(): Promise<void>;
  /** Puts back a change of ours someone replaced, and saves it (they are told in turn). */
  reapply(notice: ReplacedNotice): Promise<void>;
  dismiss(noticeId: string): void;
  /** Asks the server now who is here and whether the draft moved on. */
  sync(): Promise<void>;
  stop(): void;
}

const Conflicts = z.array(DraftConflict);

/**
 * Keeps one tab's draft in step with the server. A moment after each change it saves, sending the
 * revision it started from and its tab id; the server merges edits to different items with what
 * others saved meanwhile and answers the merged draft, which the canvas then shows (undo steps
 * rebased). Edits to the same item answer 409 with both versions: the save status becomes
 * `conflict` and `collab.conflicts` opens the both-sides dialog until `settle`. A heartbeat keeps
 * presence, pulls drafts saved elsewhere, and brings notices of our changes someone replaced.
 * Unsaved edits stay in localStorage until saved; a 401 keeps them there and offers to sign in.
 * "Saved" means: the server holds exactly what this tab shows.
 */
export function startAutosave(
  store: EditorStore,
  api: DraftApi,
  workflowId: string,
  options: AutosaveOptions = {},
): Autosave {
  const { delayMs = 1200, heartbeatMs = 0, hiddenHeartbeatMs = 15_000, retryMs = 5000 } = options;
  const collab = options.collab ?? createCollabStore();
  const session = collab.getState().session;
  /** What the server stores at `revision`; local edits relative to it are not saved yet. */
  let synced = options.base ?? { graph: store.getState().graph, revision: store.getState().save.revision };
  let keep: Record<string, MergeSide> | undefined;
  /** The draft revision up to which the server has told us of our replaced changes. */
  let heardUpTo = synced.revision;
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  let retries = 0;
  const timers = { save: undefined, beat: undefined, retry: undefined, pending: undefined } as Record<
    string,
    ReturnType<typeof setTimeout> | undefined
  >;

  const status = () => store.getState().save.status;
  const blocked = () => status() === 'conflict' || status() === 'signed-out';
  const setStatus = (next: SaveStatus, message?: string) =>
    store.getState().setSave({ status: next, revision: synced.revision, ...(message ? { message } : {}) });

  const writePending = () => {
    if (!options.pendingName) return;
    const graph = store.getState().graph;
    if (graph === synced.graph) pendingEdits.clear(workflowId);
    else
      pendingEdits.write({ workflowId, name: options.pendingName(), baseRevision: synced.revision, graph });
  };
  /** The status after a change or a save: saved only when the server holds what we show. */
  const refresh = () => {
    const dirty = store.getState().graph !== synced.graph;
    if (!blocked() && status() !== 'saving') setStatus(dirty ? 'dirty' : 'saved');
    clearTimeout(timers.pending);
    timers.pending = setTimeout(writePending, dirty ? 300 : 0);
  };

  const rejectKey = () => {
    setStatus('signed-out', 'Your API key no longer works: sign in again to save');
    collab.setState({ keyRejected: true });
    writePending();
    options.onKeyRejected?.();
  };

  const fail = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) return rejectKey();
    if (error instanceof ApiError && error.status === 409) {
      const listed = Conflicts.safeParse((error.problem as { conflicts?: unknown }).conflicts);
      const conflicts = listed.success ? listed.data : [];
      collab.setState(conflicts.length > 0 ? { conflicts, conflictsOpen: true } : { unmergeable: true });
      return setStatus('conflict', error.message);
    }
    setStatus('error', error instanceof Error ? error.message : String(error));
    clearTimeout(timers.retry);
    timers.retry = setTimeout(() => void save(), Math.min(retryMs * 2 ** retries++, 30_000));
  };

  /** Takes what the server stored after a save of `sent` (from `base`) into the tab. */
  const saved = (sent: Graph, stored: Graph, revision: number, merged: boolean) => {
    const local = store.getState().graph;
    if (local === sent) {
      synced = { graph: stored, revision };
      if (stored !== sent) applyRemote(store, sent, stored, stored);
    } else if (!merged) {
      synced = { graph: sent, revision };
    } else {
      // Edited while the save was in flight: show their changes under ours. Where ours meet theirs
      // the next save (still from the old base) lets the server say so.
      const rebased = mergeGraphs(sent, stored, local, { keep: 'mine' });
      if (rebased.conflicts.length === 0) synced = { graph: stored, revision };
      applyRemote(store, sent, stored, rebased.graph);
    }
  };

  const save = async (): Promise<void> => {
    while (inFlight) await inFlight;
    const s = store.getState();
    if (stopped || s.readOnly || blocked() || (s.graph === synced.graph && !keep)) return;
    const sent = s.graph;
    const base = synced;
    const choices = keep;
    clearTimeout(timers.retry);
    setStatus('saving');
    inFlight = (async () => {
      try {
        const answer = await api.saveDraft(workflowId, sent, base.revision, {
          session,
          ...(choices ? { keep: choices } : {}),
        });
        // Stopped meanwhile (the page left, or a new engine took over the store): the store is no
        // longer ours to change. Forget the kept copy only if it is what this save stored.
        if (stopped) return pendingEdits.clearIf(workflowId, sent);
        if (keep === choices) keep = undefined;
        retries = 0;
        const stored = answer.merged && answer.draft ? answer.draft : sent;
        saved(sent, stored, answer.draftRevision, !!answer.merged);
        collab.setState({ conflicts: null, unmergeable: false, keyRejected: false });
        store.getState().setSave({ status: 'saved', revision: synced.revision });
        refresh();
      } catch (error) {
        if (!stopped) fail(error);
      }
    })();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
    if (status() === 'dirty') schedule();
  };

  const schedule = (ms = delayMs) => {
    clearTimeout(timers.save);
    timers.save = setTimeout(() => void save(), ms);
  };

  /** The draft moved on elsewhere: take it in, or save ours so the server merges both. */
  const catchUp = async () => {
    if (inFlight || blocked()) return;
    if (store.getState().graph !== synced.graph) return save();
    const workflow = await api.getWorkflow(workflowId);
    if (workflow.draftRevision <= synced.revision || inFlight || blocked()) return;
    const base = synced;
    const local = store.getState().graph;
    const merged = local === base.graph ? null : mergeGraphs(base.graph, workflow.draft, local);
    if (merged && merged.conflicts.length > 0) return save();
    synced = { graph: workflow.draft, revision: workflow.draftRevision };
    applyRemote(store, base.graph, workflow.draft, merged?.graph ?? workflow.draft);
    refresh();
  };

  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  let beating: Promise<void> | null = null;
  const beat = () => {
    beating = beatOnce().finally(() => {
      beating = null;
    });
    return beating;
  };
  const beatOnce = async () => {
    clearTimeout(timers.beat);
    if (stopped || !api.heartbeat) return;
    try {
      if (!collab.getState().keyRejected) {
        const editing = store.getState().selectedNodeIds.slice(0, 50);
        const answer = await api.heartbeat(workflowId, { session, revision: heardUpTo, editing });
        if (stopped) return;
        // Notices cover every revision up to the answer's: ask only for later ones next time.
        heardUpTo = Math.max(heardUpTo, answer.draftRevision);
        collab.setState({ present: answer.present, savedBy: answer.savedBy });
        addReplaced(collab, answer.replaced);
        if (answer.draftRevision > synced.revision) await catchUp();
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) rejectKey();
    }
    if (!stopped && heartbeatMs > 0) {
      timers.beat = setTimeout(() => void beat(), hidden() ? hiddenHeartbeatMs : heartbeatMs);
    }
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.graph === prev.graph) return;
    refresh();
    if (s.graph !== synced.graph && !blocked()) schedule();
  });
  const onUnload = (e: BeforeUnloadEvent) => {
    if (store.getState().graph === synced.graph) return;
    writePending();
    e.preventDefault();
  };
  const onVisible = () => {
    if (!hidden()) void beat();
  };
  const leave = () => {
    if (!api.heartbeat || heartbeatMs <= 0 || collab.getState().keyRejected) return;
    // After a heartbeat in flight, or it would put this tab back on the list.
    const send = () => api.leaveDraft?.(workflowId, session).catch(() => undefined);
    void (beating ?? Promise.resolve()).then(send, send);
  };
  // A reload or a closed tab runs no React cleanup: leave the draft and keep unsaved edits here.
  const onPageHide = () => {
    writePending();
    leave();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('beforeunload', onUnload);
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', onVisible);
  }
  // Edits restored from this browser are saved at once; the heartbeat starts after that save.
  // Also takes over a status a stopped engine left behind (its save was still in flight).
  refresh();
  if (store.getState().graph !== synced.graph) {
    void save().then(() => (heartbeatMs > 0 ? beat() : undefined));
  } else if (heartbeatMs > 0) {
    void beat();
  }

  return {
    collab,
    async flush() {
      clearTimeout(timers.save);
      await save();
    },
    async settle(choices) {
      keep = { ...keep, ...choices };
      collab.setState({ conflicts: null });
      setStatus('dirty');
      await save();
    },
    async takeTheirs() {
      const workflow = await api.getWorkflow(workflowId);
      synced = { graph: workflow.draft, revision: workflow.draftRevision };
      keep = undefined;
      store.setState({ graph: workflow.draft });
      store.temporal.getState().clear();
      collab.setState({ conflicts: null, unmergeable: false });
      store.getState().setSave({ status: 'saved', revision: synced.revision });
      refresh();
    },
    async overwrite() {
      const workflow = await api.getWorkflow(workflowId);
      const mine = graphItems(store.getState().graph);
      const theirs = graphItems(workflow.draft);
      const keys = [...new Set([...mine.keys(), ...theirs.keys()])].filter(
        (key) => !sameItem(key, mine.get(key), theirs.get(key)),
      );
      keep = Object.fromEntries(keys.slice(0, 2000).map((key) => [key, 'mine' as const]));
      synced = { graph: workflow.draft, revision: workflow.draftRevision };
      collab.setState({ conflicts: null, unmergeable: false });
      setStatus('dirty');
      await save();
    },
    async reapply(notice) {
      dismissReplaced(collab, notice.id);
      store.getState().replaceGraph(withItem(store.getState().graph, notice.key, notice.yours));
      keep = { ...keep, [notice.key]: 'mine' };
      clearTimeout(timers.save);
      await save();
    },
    dismiss: (id) => dismissReplaced(collab, id),
    sync: () => beat(),
    stop() {
      stopped = true;
      if (status() === 'saving') setStatus('dirty');
      for (const timer of Object.values(timers)) clearTimeout(timer);
      writePending();
      unsubscribe();
      if (typeof window !== 'undefined') {
        window.removeEventListener('beforeunload', onUnload);
        window.removeEventListener('pagehide', onPageHide);
        document.removeEventListener('visibilitychange', onVisible);
      }
      leave();
    },
  };
}
