import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { type EditorStore, redo, undo } from '../store/createEditorStore.js';
import type { CanvasOverlay, EditorState } from '../store/types.js';

/** Room left between a step and the one added below it from the keyboard. */
const GAP_BELOW = 80;

/**
 * Single-letter shortcuts (A, C) act only while the canvas (or nothing) has the focus, so they
 * never hijack a key meant for a button or a screen reader elsewhere (WCAG 2.1.4).
 */
function onCanvas(target: EventTarget | null): boolean {
  return !(target instanceof Element) || target === document.body || target.closest('.canvas') !== null;
}

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
 * Where the keyboard's "add a step" puts it: below the one selected step, connected from its
 * first free output; else in the middle of the view.
 */
function addStepOverlay(s: EditorState, center: { x: number; y: number }): CanvasOverlay {
  const [only, ...others] = s.selectedNodeIds;
  const node = others.length === 0 ? s.graph.nodes.find((n) => n.id === only) : undefined;
  if (!node) return { kind: 'add', at: center };
  const free = s.catalog
    .outputsOf(node)
    .find((o) => !s.graph.edges.some((e) => e.source === node.id && e.sourceHandle === o.id));
  const size = s.sizes[node.id] ?? { width: 260, height: 96 };
  const at = { x: node.position.x + size.width / 2, y: node.position.y + size.height + GAP_BELOW };
  return free ? { kind: 'add', at, from: { source: node.id, sourceHandle: free.id } } : { kind: 'add', at };
}

/**
 * Canvas shortcuts: Delete/Backspace, Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y), Ctrl+C / Ctrl+V (at the
 * pointer), Ctrl+D duplicate, Ctrl+A select all, Ctrl+S save now, Ctrl+F find a step; A adds a
 * step (after the selected one), C connects the selected step to another. Ctrl is Cmd on macOS.
 * Arrow keys move the selected steps (React Flow's keyboard support, committed in Canvas).
 */
export function useShortcuts(store: EditorStore, onSave: () => void): void {
  const { screenToFlowPosition } = useReactFlow();
  useEffect(() => {
    const viewCenter = () => {
      const box = document.querySelector('.canvas')?.getBoundingClientRect();
      return screenToFlowPosition(
        box ? { x: box.left + box.width / 2, y: box.top + box.height / 3 } : { x: 400, y: 300 },
      );
    };
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 's') {
        e.preventDefault();
        onSave();
        return;
      }
      // Monaco has its own find; everywhere else Ctrl+F finds a step on the canvas.
      if (
        mod &&
        e.key.toLowerCase() === 'f' &&
        !(e.target instanceof Element && e.target.closest('.monaco-editor'))
      ) {
        e.preventDefault();
        if (store.getState().overlay?.kind !== 'find') store.getState().setOverlay({ kind: 'find' });
        return;
      }
      if (typingIn(e.target) || store.getState().overlay) return;
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
        s.paste(s.pointer.current);
      } else if (mod && key === 'd') {
        e.preventDefault();
        s.duplicate();
      } else if (mod && key === 'a') {
        e.preventDefault();
        s.selectAll();
      } else if (
        !mod &&
        !e.altKey &&
        key === 'c' &&
        onCanvas(e.target) &&
        s.selectedNodeIds.length === 1 &&
        !s.readOnly
      ) {
        e.preventDefault();
        s.setOverlay({ kind: 'connect', source: s.selectedNodeIds[0] as string });
      } else if (!mod && !e.altKey && key === 'a' && onCanvas(e.target) && !s.readOnly) {
        e.preventDefault();
        s.setOverlay(addStepOverlay(s, viewCenter()));
      } else if (e.key === 'Escape') {
        s.select([]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, onSave, screenToFlowPosition]);
}
