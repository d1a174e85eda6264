import { useReactFlow } from '@xyflow/react';
import { Maximize, Network, Redo2, Undo2 } from 'lucide-react';
import { useState } from 'react';
import { useStore } from 'zustand';
import { useEditor, useEditorStore } from '../store/context.js';
import { redo, undo } from '../store/createEditorStore.js';

/** Undo/redo, auto-layout and fit view, floating over the canvas. */
export function CanvasTools() {
  const store = useEditorStore();
  const readOnly = useEditor((s) => s.readOnly);
  const canUndo = useStore(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (t) => t.futureStates.length > 0);
  const { fitView } = useReactFlow();
  const [laying, setLaying] = useState(false);
  const layout = async () => {
    setLaying(true);
    try {
      await store.getState().autoLayout();
      requestAnimationFrame(() => void fitView({ padding: 0.2, duration: 300, maxZoom: 1.1 }));
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
        onClick={() => void fitView({ padding: 0.2, duration: 300, maxZoom: 1.1 })}
        title="Fit to screen"
        aria-label="Fit view"
      >
        <Maximize size={16} />
      </button>
    </div>
  );
}
