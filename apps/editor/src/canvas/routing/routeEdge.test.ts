import { describe, expect, it } from 'vitest';
import { type Point, type Rect, roundedPath, routeEdge } from './routeEdge.js';

/** Whether any run of the route (stubs aside) passes through a card. */
function hits(path: Point[], cards: Rect[]): boolean {
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as Point;
    const b = path[i] as Point;
    for (const r of cards) {
      const inX = Math.max(a.x, b.x) > r.x && Math.min(a.x, b.x) < r.x + r.width;
      const inY = Math.max(a.y, b.y) > r.y && Math.min(a.y, b.y) < r.y + r.height;
      if (inX && inY) return true;
    }
  }
  return false;
}

describe('routeEdge', () => {
  it('keeps the plain step when nothing is in the way', () => {
    expect(routeEdge({ x: 0, y: 0 }, { x: 0, y: 200 }, [])).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 200 },
    ]);
    const step = routeEdge({ x: 0, y: 0 }, { x: 300, y: 200 }, []);
    expect(step).toHaveLength(4);
    expect(step[1]?.y).toBe(100);
  });

  it('goes around a card sitting between the two ends', () => {
    const card = { x: -130, y: 120, width: 260, height: 96 };
    const path = routeEdge({ x: 0, y: 0 }, { x: 0, y: 400 }, [card]);
    expect(hits(path, [card])).toBe(false);
    expect(path.length).toBeGreaterThan(2);
  });

  it('moves the crossing run to a height where no card is', () => {
    const card = { x: 100, y: 80, width: 260, height: 96 };
    const path = routeEdge({ x: 0, y: 0 }, { x: 400, y: 400 }, [card]);
    expect(hits(path, [card])).toBe(false);
    expect(path).toHaveLength(4);
  });

  it('takes a lane beside the cards for a line back up (a loop)', () => {
    const source = { x: -130, y: 300, width: 260, height: 96 };
    const target = { x: -130, y: 0, width: 260, height: 96 };
    const path = routeEdge({ x: 0, y: 396 }, { x: 0, y: 0 }, [source, target]);
    expect(hits(path.slice(1, -1), [source, target])).toBe(false);
    expect(Math.min(...path.map((p) => p.x))).toBeLessThan(-130);
  });

  it('draws rounded corners and puts the label on the longest run', () => {
    const { d, label } = roundedPath([
      { x: 0, y: 0 },
      { x: 0, y: 50 },
      { x: 200, y: 50 },
      { x: 200, y: 100 },
    ]);
    expect(d).toMatch(/^M0,0L0,42Q0,50 8,50L192,50Q200,50 200,58L200,100$/);
    expect(label).toEqual({ x: 100, y: 50 });
  });
});
