import { canonicalJson, type Graph } from '@crossroads/graph-schema';

const PREFIX = 'crossroads.unsaved.';

/** Edits of one draft not yet saved, kept in this browser until they are. */
export interface PendingEdit {
  workflowId: string;
  /** The journey's name when the edit was made, to say what is waiting. */
  name: string;
  /** The draft revision the edit started from: saving merges from there. */
  baseRevision: number;
  graph: Graph;
  /** When it was last written (ms since the epoch). */
  at: number;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * Unsaved draft edits per workflow in localStorage: written while a tab has changes the server
 * does not have yet, removed once saved. A revoked key, a closed tab or a crash leaves them
 * here, and the next visit to the draft saves them (merged with what changed meanwhile).
 */
export const pendingEdits = {
  read(workflowId: string): PendingEdit | null {
    try {
      const text = storage()?.getItem(PREFIX + workflowId);
      const value = text ? (JSON.parse(text) as PendingEdit) : null;
      return value && value.workflowId === workflowId && value.graph && Number.isInteger(value.baseRevision)
        ? value
        : null;
    } catch {
      return null;
    }
  },
  write(edit: Omit<PendingEdit, 'at'>): void {
    try {
      storage()?.setItem(PREFIX + edit.workflowId, JSON.stringify({ ...edit, at: Date.now() }));
    } catch {
      // Full or disabled storage: the edit still lives in the tab.
    }
  },
  clear(workflowId: string): void {
    storage()?.removeItem(PREFIX + workflowId);
  },
  /** Clears the kept edit only when it holds `graph` (a later edit may have replaced it). */
  clearIf(workflowId: string, graph: Graph): void {
    const kept = pendingEdits.read(workflowId);
    if (kept && canonicalJson(kept.graph) === canonicalJson(graph)) pendingEdits.clear(workflowId);
  },
  /** Every draft with edits waiting in this browser, newest first. */
  all(): PendingEdit[] {
    const store = storage();
    if (!store) return [];
    const found: PendingEdit[] = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      const edit = pendingEdits.read(key.slice(PREFIX.length));
      if (edit) found.push(edit);
    }
    return found.sort((a, b) => b.at - a.at);
  },
};
