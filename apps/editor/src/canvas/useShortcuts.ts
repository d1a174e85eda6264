import { useEffect } from 'react';
import { type EditorStore, redo, undo } from '../store/createEditorStore.js';

/** True when the key press belongs to a text field or Monaco, not the canvas. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
    target.closest('.monaco-editor') !== null
  );
}

/**
 * Canvas shortcuts: Delete/Backspace, Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y), Ctrl+C / Ctrl+V,
 * Ctrl+D duplicate, Ctrl+A select all, Ctrl+S save now. Ctrl is Cmd on macOS.
 */
export function useShortcuts(store: EditorStore, onSave: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 's') {
        e.preventDefault();
        onSave();
        return;
      }
      if (typingIn(e.target)) return;
      const s = store.getState();
      const key = e.key.toLowerCase();
      if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) {
        e.preventDefault();
        s.deleteSelection();
      } else if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) redo(store);
        else undo(store);
      } else if (mod && key === 'y') {
        e.preventDefault();
        redo(store);
      } else if (mod && key === 'c') {
        s.copy();
      } else if (mod && key === 'v') {
        e.preventDefault();
        s.paste();
      } else if (mod && key === 'd') {
        e.preventDefault();
        s.duplicate();
      } else if (mod && key === 'a') {
        e.preventDefault();
        s.selectAll();
      } else if (e.key === 'Escape') {
        s.select([]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, onSave]);
}
