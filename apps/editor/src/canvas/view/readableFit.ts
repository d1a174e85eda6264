import type { Bounds } from '../graphFits.js';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** Below this zoom a step's title (13 px) is under ~10 px on screen: Fit view never goes lower. */
export const READABLE_ZOOM = 0.75;
/** Fit view never enlarges past life size: a three-step journey should not fill the screen. */
export const MAX_FIT_ZOOM = 1;
const PADDING = 40;
/** Room kept above the journey for the canvas tools floating over its top-left corner. */
const TOP = 72;

/**
 * The viewport Fit view and Tidy up choose: the whole journey when it fits at a readable zoom
 * (centred, at most life size); otherwise the readable zoom from the top, centred across when
 * the width fits (people scroll down, as on a page and in HubSpot's and Customer.io's builders);
 * a journey wider than the screen even so is shown from its first step (`anchorX`, the top
 * step's centre).
 *
 * @example
 * readableFit({ minX: 0, minY: 0, maxX: 260, maxY: 3000 }, 800, 600, 130);
 * // { zoom: 0.75, x: 302.5, y: 72 }: readable, centred across, from the top
 */
export function readableFit(bounds: Bounds, width: number, height: number, anchorX?: number): Viewport {
  const w = Math.max(1, bounds.maxX - bounds.minX);
  const h = Math.max(1, bounds.maxY - bounds.minY);
  const across = (width - 2 * PADDING) / w;
  const down = (height - TOP - PADDING) / h;
  const whole = Math.min(across, down, MAX_FIT_ZOOM);
  if (whole >= READABLE_ZOOM) {
    return {
      zoom: whole,
      x: width / 2 - (bounds.minX + w / 2) * whole,
      y: TOP + (height - TOP - PADDING) / 2 - (bounds.minY + h / 2) * whole,
    };
  }
  const zoom = READABLE_ZOOM;
  const top = TOP - bounds.minY * zoom;
  if (w * zoom <= width - 2 * PADDING) return { zoom, x: width / 2 - (bounds.minX + w / 2) * zoom, y: top };
  // Too wide even so: centre on the first step, but never leave empty space left of the journey.
  const centred = width / 2 - (anchorX ?? bounds.minX + w / 2) * zoom;
  const x = Math.min(PADDING - bounds.minX * zoom, Math.max(width - PADDING - bounds.maxX * zoom, centred));
  return { zoom, x, y: top };
}
