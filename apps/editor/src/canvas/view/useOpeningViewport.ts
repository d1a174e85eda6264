import { getViewportForBounds, type Viewport } from '@xyflow/react';
import { type RefObject, useLayoutEffect, useState } from 'react';
import { useEditorStore } from '../../store/context.js';
import { graphBounds } from '../graphFits.js';

/** How a large journey is fitted (opening, Fit view, Tidy up): whole, with room around it. */
export const LARGE_FIT = { padding: 0.2, maxZoom: 1.1 };
/** The canvas's zoom limits. */
export const ZOOM_LIMITS = { min: 0.05, max: 2 };

/**
 * Where a large journey opens, decided before React Flow mounts: the whole journey, from the
 * canvas's size and the steps' positions (unmeasured steps count at their usual size). Left to
 * React Flow's own fit view, the steps first rendered at zoom 1 (real handles, the close-up
 * look), were measured, then the fit zoomed far out and every step rendered again with far-zoom
 * handles and boxes: two renders and two layouts of every card before the first paint (CPU
 * profile, 1,000 steps). React Flow's fit view still runs once the steps are measured, to the
 * exact bounds.
 *
 * Returns `undefined` for a journey that opens small (React Flow mounts at once; the readable view
 * follows its measuring), `null` while the canvas is not measured yet (render no React Flow), else
 * the viewport to hand to React Flow as its `defaultViewport`.
 */
export function useOpeningViewport(
  large: boolean,
  canvas: RefObject<HTMLElement | null>,
): Viewport | null | undefined {
  const store = useEditorStore();
  // Only the opening counts: a journey that grows large later keeps its mounted React Flow.
  const [opensLarge] = useState(large);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    if (!opensLarge || viewport || !canvas.current) return;
    const { width, height } = canvas.current.getBoundingClientRect();
    const { graph, sizes } = store.getState();
    const b = graphBounds(graph.nodes, sizes);
    const rect = b && { x: b.minX, y: b.minY, width: b.maxX - b.minX, height: b.maxY - b.minY };
    setViewport(
      rect && width > 0 && height > 0
        ? getViewportForBounds(rect, width, height, ZOOM_LIMITS.min, LARGE_FIT.maxZoom, LARGE_FIT.padding)
        : { x: 0, y: 0, zoom: 1 },
    );
  }, [opensLarge, viewport, canvas, store]);
  return opensLarge ? viewport : undefined;
}
