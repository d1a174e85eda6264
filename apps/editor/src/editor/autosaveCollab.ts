import type { Author, DraftConflict, Presence, ReplacedEdit } from '@crossroads/api';
import { createStore } from 'zustand/vanilla';

/** A change of this tab that someone replaced on purpose, until it is reapplied or dismissed. */
export interface ReplacedNotice extends ReplacedEdit {
  /** `revision:key`, unique per notice. */
  id: string;
}

/**
 * What working on a draft with others looks like from this tab, beside the editor store (which
 * holds the graph and the save status): who else is here, conflicts waiting for a decision,
 * changes of ours that were replaced, and whether our key still works.
 */
export interface CollabState {
  /** This tab's id on the server (presence, and merges never conflict with our own saves). */
  session: string;
  /** Other tabs on this draft, people or our own other tabs. */
  present: Presence[];
  /** Who saved the draft revision we hold last, when. */
  savedBy: Author | null;
  /** Items both we and someone else changed: the both-sides dialog is open while set. */
  conflicts: DraftConflict[] | null;
  /** Whether the dialog shows them (the user may decide later). */
  conflictsOpen: boolean;
  /** A save met a draft that moved on too far to merge from (the base is gone). */
  unmergeable: boolean;
  replaced: ReplacedNotice[];
  /** The API key answered 401: edits stay in this browser until the user signs in again. */
  keyRejected: boolean;
  /** Unsaved edits from an earlier visit were put back (when they were made). */
  restoredAt: number | null;
}

export type CollabStore = ReturnType<typeof createCollabStore>;

/** A random tab id: 16 URL-safe characters. */
export function newSessionId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export function createCollabStore(session: string = newSessionId()) {
  return createStore<CollabState>()(() => ({
    session,
    present: [],
    savedBy: null,
    conflicts: null,
    conflictsOpen: false,
    unmergeable: false,
    replaced: [],
    keyRejected: false,
    restoredAt: null,
  }));
}

/** Adds notices the server reported, once each. */
export function addReplaced(store: CollabStore, edits: readonly ReplacedEdit[]): void {
  if (edits.length === 0) return;
  const known = new Set(store.getState().replaced.map((n) => n.id));
  const fresh = edits
    .map((edit) => ({ ...edit, id: `${edit.revision}:${edit.key}` }))
    .filter((notice) => !known.has(notice.id));
  if (fresh.length > 0) store.setState((s) => ({ replaced: [...s.replaced, ...fresh] }));
}

export function dismissReplaced(store: CollabStore, id: string): void {
  store.setState((s) => ({ replaced: s.replaced.filter((n) => n.id !== id) }));
}
