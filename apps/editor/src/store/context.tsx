import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { EditorStore } from './createEditorStore.js';
import type { EditorState } from './types.js';

const EditorStoreContext = createContext<EditorStore | null>(null);

/** Hands one editor store down the tree. */
export function EditorStoreProvider({ store, children }: { store: EditorStore; children: ReactNode }) {
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

/** The store itself, for event handlers that read state without subscribing. */
export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore: no EditorStoreProvider above this component');
  return store;
}

/** Subscribes to one narrow slice of state (re-renders only when it changes). */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}
