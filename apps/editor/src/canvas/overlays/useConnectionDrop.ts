import type { FinalConnectionState } from '@xyflow/react';
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditorStore } from '../../store/context.js';

/**
 * A connection dropped on empty canvas opens the step picker there (n8n): the chosen step is
 * inserted where it was dropped and connected from the output the drag started at.
 */
export function useConnectionDrop() {
  const store = useEditorStore();
  const { screenToFlowPosition } = useReactFlow();
  return useCallback(
    (event: globalThis.MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const s = store.getState();
      if (
        s.readOnly ||
        state.isValid ||
        state.toNode ||
        !state.fromNode ||
        state.fromHandle?.type !== 'source'
      )
        return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!point || !(point.target instanceof Element) || !point.target.closest('.react-flow__pane')) return;
      const box = (point.target.closest('.canvas') as HTMLElement).getBoundingClientRect();
      s.setOverlay({
        kind: 'add',
        at: screenToFlowPosition({ x: point.clientX, y: point.clientY }),
        from: { source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? 'next' },
        // Where it was dropped, kept inside the canvas (the picker is 320 × up to 420 px).
        screen: {
          x: Math.max(8, Math.min(point.clientX - box.left, box.width - 330)),
          y: Math.max(8, Math.min(point.clientY - box.top, box.height - 430)),
        },
      });
    },
    [store, screenToFlowPosition],
  );
}
