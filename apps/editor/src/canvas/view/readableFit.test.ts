import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, readableFit } from './readableFit.js';

const box = (maxX: number, maxY: number) => ({ minX: 0, minY: 0, maxX, maxY });

describe('readableFit', () => {
  it('centres a journey that fits at a readable zoom, never past life size', () => {
    expect(readableFit(box(260, 400), 800, 600)).toEqual({ zoom: 1, x: 270, y: 116 });
    const fit = readableFit(box(900, 480), 800, 600);
    expect(fit.zoom).toBeCloseTo(0.8);
    // Whole, it would be 0.70: too small, so it is shown at the readable zoom from the top.
    expect(readableFit(box(900, 700), 800, 600)).toEqual({ zoom: READABLE_ZOOM, x: 62.5, y: 72 });
  });

  it('shows a tall journey at the readable zoom from the top, centred across', () => {
    const tall = readableFit(box(600, 6000), 800, 600);
    expect(tall).toEqual({ zoom: READABLE_ZOOM, x: 175, y: 72 });
    const wideAndTall = readableFit({ minX: -100, minY: 50, maxX: 1100, maxY: 6000 }, 800, 600);
    expect(wideAndTall.zoom).toBe(READABLE_ZOOM);
    expect(wideAndTall.y).toBe(72 - 50 * READABLE_ZOOM);
  });

  it('shows a journey too wide to read whole from its first step, without empty space on its left', () => {
    const view = readableFit(box(4000, 4000), 800, 600, 2000);
    expect(view.zoom).toBe(READABLE_ZOOM);
    expect(view.x).toBe(400 - 2000 * READABLE_ZOOM);
    expect(readableFit(box(4000, 4000), 800, 600, 50).x).toBe(40);
  });
});
