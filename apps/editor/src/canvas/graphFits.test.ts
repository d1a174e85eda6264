import type { GraphNode } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { graphBounds, graphFits } from './graphFits.js';

const node = (id: string, x: number, y: number): GraphNode => ({
  id,
  type: 'wait',
  version: 1,
  position: { x, y },
  config: {},
});

describe('graphBounds', () => {
  it('spans measured sizes and falls back for unmeasured nodes', () => {
    const b = graphBounds([node('a', -100, 0), node('b', 500, 300)], { b: { width: 200, height: 50 } });
    expect(b).toEqual({ minX: -100, minY: 0, maxX: 700, maxY: 350 });
  });

  it('is null for an empty graph', () => {
    expect(graphBounds([], {})).toBeNull();
  });
});

describe('graphFits', () => {
  const b = { minX: 100, minY: 100, maxX: 1100, maxY: 600 };

  it('is true when the zoomed box is no larger than the canvas', () => {
    expect(graphFits(0.5, 800, 600, b)).toBe(true);
    expect(graphFits(0.8, 800, 600, b)).toBe(true);
  });

  it('is false when either side is larger, or there is no graph', () => {
    expect(graphFits(1, 800, 600, b)).toBe(false);
    expect(graphFits(0.5, 400, 600, b)).toBe(false);
    expect(graphFits(0.5, 800, 600, null)).toBe(false);
  });
});
