import { useRef } from 'react';
import type { CanvasDecorations } from './decorations.js';

/**
 * The previous decorations object while the content is unchanged, so a poll that brings the same
 * numbers does not re-derive every node on the canvas.
 */
export function useStableDecorations(next: CanvasDecorations | null): CanvasDecorations | null {
  const previous = useRef<{ key: string; value: CanvasDecorations | null }>({ key: 'null', value: null });
  const key = JSON.stringify(next);
  if (key !== previous.current.key) previous.current = { key, value: next };
  return previous.current.value;
}
