import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * Text typed into a field that could not be saved (a rule that is not valid JSON). The graph keeps
 * the last valid value, so this text lives here: the step shows it as an error, the problems bar
 * lists it, Publish stays blocked and the header does not say "Saved" until it is fixed or
 * discarded. Reopening the step brings the text back.
 */
export interface FieldDraft {
  /** The step's id; undefined for the journey settings. */
  nodeId?: string;
  /** The field's path below the step's config (or below `settings`), e.g. `branches[0].rule`. */
  path: string;
  text: string;
  /** Why it was not saved, in plain words. */
  reason: string;
}

interface DraftState {
  drafts: Readonly<Record<string, FieldDraft>>;
  put(draft: FieldDraft): void;
  drop(nodeId: string | undefined, path: string): void;
}

export type DraftStore = StoreApi<DraftState>;

export const draftKey = (nodeId: string | undefined, path: string) =>
  `${nodeId ?? '(settings)'}\u0000${path}`;

const byEditor = new WeakMap<object, DraftStore>();

/** The unsaved field texts of one editor (keyed by its store, so two canvases never share them). */
export function fieldDrafts(editor: object): DraftStore {
  let drafts = byEditor.get(editor);
  if (!drafts) {
    drafts = createStore<DraftState>()((set) => ({
      drafts: {},
      put: (draft) => set((s) => ({ drafts: { ...s.drafts, [draftKey(draft.nodeId, draft.path)]: draft } })),
      drop: (nodeId, path) =>
        set((s) => {
          const key = draftKey(nodeId, path);
          if (!(key in s.drafts)) return s;
          const { [key]: _gone, ...rest } = s.drafts;
          return { drafts: rest };
        }),
    }));
    byEditor.set(editor, drafts);
  }
  return drafts;
}

/** How many fields hold text that was not saved. */
export function useUnsavedDraftCount(editor: object): number {
  return useStore(fieldDrafts(editor), (s) => Object.keys(s.drafts).length);
}
