import { Maximize, Network, Redo2, Search, Undo2 } from 'lucide-react';
import { useState } from 'react';
import { useStore } from 'zustand';
import { useFitReadable } from '../canvas/view/useFitReadable.js';
import { useEditor, useEditorStore } from '../store/context.js';
import { redo, undo } from '../store/createEditorStore.js';

/** Undo/redo, auto-layout, fit view (at a readable zoom) and find, floating over the canvas. */
export function CanvasTools() {
  const store = useEditorStore();
  const readOnly = useEditor((s) => s.readOnly);
  const canUndo = useStore(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (t) => t.futureStates.length > 0);
  const fit = useFitReadable();
  const [laying, setLaying] = useState(false);
  const layout = async () => {
    setLaying(true);
    try {
      await store.getState().autoLayout();
      // Two frames: React Flow measures the moved steps first.
      requestAnimationFrame(() => requestAnimationFrame(() => fit()));
    } finally {
      setLaying(false);
    }
  };
  return (
    <div className="canvas-tools" role="toolbar" aria-label="Canvas tools">
      {!readOnly && (
        <>
          <button
            type="button"
            className="icon-btn"
            disabled={!canUndo}
            onClick={() => undo(store)}
            title="Undo (Ctrl+Z)"
            aria-label="Undo"
          >
            <Undo2 size={16} />
          </button>
          <button
            type="button"
            className="icon-btn"
            disabled={!canRedo}
            onClick={() => redo(store)}
            title="Redo (Ctrl+Shift+Z)"
            aria-label="Redo"
          >
            <Redo2 size={16} />
          </button>
          <span className="canvas-tools__sep" />
          <button
            type="button"
            className="icon-btn"
            disabled={laying}
            onClick={() => void layout()}
            title="Tidy up: lay the journey out automatically"
            aria-label="Auto-layout"
            data-testid="auto-layout"
          >
            <Network size={16} />
          </button>
        </>
      )}
      <button
        type="button"
        className="icon-btn"
        onClick={() => fit()}
        title="Fit to screen (at a size you can read)"
        aria-label="Fit view"
        data-testid="fit-view"
      >
        <Maximize size={16} />
      </button>
      <button
        type="button"
        className="icon-btn"
        onClick={() => store.getState().setOverlay({ kind: 'find' })}
        title="Find a step (Ctrl+F)"
        aria-label="Find a step"
      >
        <Search size={16} />
      </button>
    </div>
  );
}
