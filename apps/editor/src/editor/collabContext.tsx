import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { Autosave } from './autosave.js';
import { type CollabState, createCollabStore } from './autosaveCollab.js';

/** What the collaboration banners, dialog and presence need: the tab's sync engine and who we are. */
export interface CollabContextValue {
  autosave: Autosave;
  /** Our API key, to tell "your other tab" from other people. */
  me: { keyId: string; name: string };
  signInAgain(): void;
}

const CollabContext = createContext<CollabContextValue | null>(null);
/** Read when there is no draft editor around (hooks run unconditionally). */
const NOBODY = createCollabStore('outside-a-draft');

export function CollabProvider({ value, children }: { value: CollabContextValue; children: ReactNode }) {
  return <CollabContext.Provider value={value}>{children}</CollabContext.Provider>;
}

/** The collaboration context, or null outside a draft editor (versions, read-only pages). */
export function useCollabContext(): CollabContextValue | null {
  return useContext(CollabContext);
}

/** A slice of the tab's collaboration state (empty outside a draft editor). */
export function useCollab<T>(select: (state: CollabState) => T): T {
  return useStore(useContext(CollabContext)?.autosave.collab ?? NOBODY, select);
}

/**
 * Who someone is, as this tab says it: their key's name, or "your other tab" for our own key.
 *
 * @example
 * personName({ name: 'Ana', keyId: 'k2' }, me) // 'Ana'
 */
export function personName(
  author: { name: string; keyId: string | null } | null,
  me: { keyId: string },
): string {
  if (!author) return 'someone';
  return author.keyId === me.keyId ? 'your other tab' : author.name;
}

/** "Ana's" or "your other tab's". */
export const possessive = (name: string) => (name.endsWith('s') ? `${name}'` : `${name}'s`);

/** A time of day ("10:42") for today, else a short date and time. */
export function clock(iso: string): string {
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  return date.toLocaleString(
    undefined,
    today ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' },
  );
}
