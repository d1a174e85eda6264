import { createContext, type ReactNode, useContext } from 'react';
import type { CanvasDecorations } from './decorations.js';

const DecorationsContext = createContext<CanvasDecorations | null>(null);

/** Hands an overlay's decorations to the canvas below (none outside the operate views). */
export function CanvasDecorationsProvider({
  value,
  children,
}: {
  value: CanvasDecorations | null;
  children: ReactNode;
}) {
  return <DecorationsContext.Provider value={value}>{children}</DecorationsContext.Provider>;
}

/** The decorations of the nearest provider, or null. */
export function useCanvasDecorations(): CanvasDecorations | null {
  return useContext(DecorationsContext);
}
