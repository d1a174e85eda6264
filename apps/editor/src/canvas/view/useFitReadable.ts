import { useNodesInitialized, useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import { useEditorStore } from '../../store/context.js';
import { graphBounds } from '../graphFits.js';
import { LARGE_JOURNEY } from './large.js';
import { readableFit } from './readableFit.js';
import { LARGE_FIT } from './useOpeningViewport.js';

const CARD_WIDTH = 260;

/**
 * Fit view as people need it: the journey at a readable zoom (`readableFit`: whole when it fits,
 * else fit to width from the top, to scroll down). A large journey is shown whole (an overview).
 */
export function useFitReadable(): (duration?: number) => void {
  const store = useEditorStore();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  return useCallback(
    (duration = 300) => {
      const { graph, sizes } = store.getState();
      const { width, height } = flowStore.getState();
      if (graph.nodes.length > LARGE_JOURNEY) {
        void flow.fitView({ ...LARGE_FIT, duration });
        return;
      }
      const bounds = graphBounds(graph.nodes, sizes);
      if (!bounds || width <= 0 || height <= 0) return;
      const first = graph.nodes.reduce((a, b) => (b.position.y < a.position.y ? b : a));
      const anchorX = first.position.x + (sizes[first.id]?.width ?? CARD_WIDTH) / 2;
      void flow.setViewport(readableFit(bounds, width, height, anchorX), { duration });
    },
    [store, flow, flowStore],
  );
}

/** Once the steps are measured, a journey that is not large opens at a readable zoom. */
export function useInitialReadableView(large: boolean): void {
  const initialized = useNodesInitialized();
  const fit = useFitReadable();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || large || !initialized) return;
    done.current = true;
    fit(0);
  }, [initialized, large, fit]);
}
