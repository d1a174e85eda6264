export interface Point {
  x: number;
  y: number;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Straight run out of an output and into an input before a line may turn. */
const STUB = 22;
/** Room a line keeps from any card it passes. */
const CLEAR = 14;
/** A turn costs as much as this many pixels of line: fewer, longer runs read better. */
const BEND = 40;
/** How far apart the crossing runs of lines leaving one step are. */
const LANE = 10;
/** Cards farther than this from the box between the two ends cannot be in the way. */
const REACH = 480;

/**
 * An orthogonal route from an output at `s` (bottom of a card) to an input at `t` (top of
 * another) that passes no card in `cards`: the plain step (down, across, down) at the first
 * height where no card is in the way; else a detour down a free lane beside the cards in the
 * way; a line back up (a loop) always takes a lane. The shortest clear route wins, each turn
 * counting as {@link BEND} px. When nothing is clear, the plain step. `lane` (an output's place
 * among its step's outputs, centred on 0) shifts where the plain step crosses, so lines leaving
 * one gate do not share a run.
 *
 * @example
 * routeEdge({ x: 0, y: 0 }, { x: 0, y: 300 }, [{ x: -50, y: 100, width: 100, height: 80 }]);
 * // [{0,0}, {0,22}, {-64,22}, {-64,278}, {0,278}, {0,300}]: around the card, not through it
 */
export function routeEdge(s: Point, t: Point, cards: readonly Rect[], lane = 0): Point[] {
  const s1 = { x: s.x, y: s.y + STUB };
  const t1 = { x: t.x, y: t.y - STUB };
  const near = cards.filter(
    (r) =>
      r.x < Math.max(s.x, t.x) + REACH &&
      r.x + r.width > Math.min(s.x, t.x) - REACH &&
      r.y < Math.max(s.y, t.y) + REACH &&
      r.y + r.height > Math.min(s.y, t.y) - REACH,
  );
  const candidates: Point[][] = [];
  const mid = Math.min(t1.y, Math.max(s1.y, (s1.y + t1.y) / 2 + lane * LANE));
  if (s1.y <= t1.y) {
    const ys = [mid, s1.y, t1.y];
    for (const r of near) ys.push(r.y - CLEAR, r.y + r.height + CLEAR);
    for (const y of ys)
      if (y >= s1.y && y <= t1.y) candidates.push([s, s1, { x: s.x, y }, { x: t.x, y }, t1, t]);
  }
  const xs = [s.x, t.x];
  for (const r of near) xs.push(r.x - CLEAR, r.x + r.width + CLEAR);
  for (const x of xs) candidates.push([s, s1, { x, y: s1.y }, { x, y: t1.y }, t1, t]);

  let best: Point[] | undefined;
  let bestCost = Infinity;
  for (const path of candidates) {
    const cost = costOf(path);
    if (cost < bestCost && isClear(path, near)) {
      best = path;
      bestCost = cost;
    }
  }
  const plain = [s, s1, { x: s.x, y: mid }, { x: t.x, y: mid }, t1, t];
  return simplify(best ?? plain);
}

function costOf(path: readonly Point[]): number {
  const points = simplify(path);
  let length = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    length += Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
  }
  return length + BEND * Math.max(0, points.length - 2);
}

/** The runs between the stubs keep {@link CLEAR} from every card (stubs leave and enter cards). */
function isClear(path: readonly Point[], cards: readonly Rect[]): boolean {
  for (let i = 2; i < path.length - 1; i++) {
    const a = path[i - 1] as Point;
    const b = path[i] as Point;
    for (const r of cards) if (crosses(a, b, r)) return false;
  }
  return true;
}

function crosses(a: Point, b: Point, r: Rect): boolean {
  const left = r.x - CLEAR + 1;
  const right = r.x + r.width + CLEAR - 1;
  const top = r.y - CLEAR + 1;
  const bottom = r.y + r.height + CLEAR - 1;
  return (
    Math.max(a.x, b.x) > left &&
    Math.min(a.x, b.x) < right &&
    Math.max(a.y, b.y) > top &&
    Math.min(a.y, b.y) < bottom
  );
}

/** Drops repeated points and points in the middle of a straight run. */
export function simplify(path: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of path) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const before = out[out.length - 2];
    if (
      before &&
      last &&
      ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))
    )
      out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

/**
 * An SVG path through orthogonal points with rounded corners (like React Flow's smooth step),
 * and the middle of its longest run, where a label goes.
 */
export function roundedPath(points: readonly Point[], radius = 8): { d: string; label: Point } {
  const first = points[0];
  if (!first) return { d: '', label: { x: 0, y: 0 } };
  let d = `M${first.x},${first.y}`;
  let label = first;
  let longest = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const run = Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
    if (run > longest) {
      longest = run;
      label = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
    const c = points[i + 1];
    if (!c) {
      d += `L${b.x},${b.y}`;
      continue;
    }
    const r = Math.min(radius, run / 2, (Math.abs(b.x - c.x) + Math.abs(b.y - c.y)) / 2);
    const into = { x: b.x - Math.sign(b.x - a.x) * r, y: b.y - Math.sign(b.y - a.y) * r };
    const out = { x: b.x + Math.sign(c.x - b.x) * r, y: b.y + Math.sign(c.y - b.y) * r };
    d += `L${into.x},${into.y}Q${b.x},${b.y} ${out.x},${out.y}`;
  }
  return { d, label };
}
