import { createContext } from 'react';

/**
 * True while a large journey is seen from far away: nodes then draw plain handles (PlainHandle)
 * and plain edges are drawn by FarEdges.
 */
export const FarZoomContext = createContext(false);
