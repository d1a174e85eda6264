import type { Page } from 'playwright-core';

export interface PanResult {
  /** Median of the frame rates of consecutive 500 ms windows. */
  fps: number;
  /** Lowest and highest window. */
  minFps: number;
  maxFps: number;
  frames: number;
  /** Share of frames that showed the canvas at a new position (proves the drag panned). */
  movedShare: number;
}

// Page scripts are strings, not functions: tsx would inject helpers (__name) the page does not have.
const FIND_PANE_POINT = `(() => {
  const pane = document.querySelector('.react-flow__pane');
  const r = pane.getBoundingClientRect();
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  // Rings out from the centre, nearest first: every probe is a hit test, so stop at the first miss of all nodes and edges.
  for (let radius = 0; radius < Math.min(r.width, r.height) / 2 - 10; radius += 2) {
    const steps = Math.max(1, Math.round(radius * 2));
    for (let k = 0; k < steps; k++) {
      const a = (2 * Math.PI * k) / steps;
      const x = cx + radius * Math.cos(a), y = cy + radius * Math.sin(a);
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.classList.contains('react-flow__pane')) return { x, y };
    }
  }
  return null;
})()`;

const START_COUNTING = `(() => {
  const viewport = document.querySelector('.react-flow__viewport');
  window.__frames = [];
  window.__count = true;
  const tick = (t) => {
    if (!window.__count) return;
    window.__frames.push([t, viewport.style.transform]);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const STOP_COUNTING = '(() => { window.__count = false; return window.__frames; })()';

/**
 * Drags the empty pane in circles for `ms` and counts animation frames. The drag is real mouse
 * input sent through CDP at a steady 125 Hz like a mouse's, without waiting for the page, so a slow
 * page gets fewer frames rather than fewer moves (Chromium coalesces the queued moves per frame).
 * It starts on a point where the pane itself is hit: a drag that starts on an edge or node selects
 * or moves it instead of panning, so a drag that did not move the canvas throws.
 *
 * @example
 * const { fps } = await panFps(page, 4000);
 */
export async function panFps(page: Page, ms: number): Promise<PanResult> {
  const start = (await page.evaluate(FIND_PANE_POINT)) as { x: number; y: number } | null;
  if (!start) throw new Error('no empty spot on the pane to start a drag');
  const cdp = await page.context().newCDPSession(page);
  const mouse = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', x: number, y: number) =>
    cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons: 1, clickCount: 1 });
  await page.mouse.move(start.x, start.y);
  await mouse('mousePressed', start.x, start.y);
  await page.evaluate(START_COUNTING);
  const t0 = Date.now();
  const sent: Array<Promise<unknown>> = [];
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const t = Date.now() - t0;
      if (t >= ms) {
        clearInterval(timer);
        done();
        return;
      }
      // One circle every two seconds around the start point, so the canvas ends where it began.
      const a = (t / 2000) * 2 * Math.PI;
      sent.push(mouse('mouseMoved', start.x + Math.sin(a) * 200, start.y + (1 - Math.cos(a)) * 150));
    }, 8);
  });
  await Promise.all(sent);
  const frames = (await page.evaluate(STOP_COUNTING)) as Array<[number, string]>;
  // Back to the start before letting go, so the canvas ends where it began.
  await mouse('mouseMoved', start.x, start.y);
  await mouse('mouseReleased', start.x, start.y);
  await cdp.detach();
  if (frames.length < 2) throw new Error('no animation frames while panning');
  let moved = 0;
  for (let i = 1; i < frames.length; i++) if (frames[i]?.[1] !== frames[i - 1]?.[1]) moved++;
  if (moved === 0) throw new Error('the drag did not pan the canvas');
  const windows = frameRates(frames.map(([t]) => t));
  return {
    fps: median(windows),
    minFps: Math.min(...windows),
    maxFps: Math.max(...windows),
    frames: frames.length,
    movedShare: moved / (frames.length - 1),
  };
}

/** Frames per second in each full 500 ms window of a list of frame timestamps (ms). */
export function frameRates(times: number[], windowMs = 500): number[] {
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  const rates: number[] = [];
  for (let from = first; from + windowMs <= last; from += windowMs) {
    const n = times.filter((t) => t >= from && t < from + windowMs).length;
    rates.push((n * 1000) / windowMs);
  }
  return rates.length ? rates : [((times.length - 1) * 1000) / Math.max(1, last - first)];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The canvas's current zoom, read from React Flow's viewport transform. */
export async function currentZoom(page: Page): Promise<number> {
  const transform = String(
    await page.evaluate(`document.querySelector('.react-flow__viewport').style.transform`),
  );
  const zoom = Number(/scale\(([\d.e-]+)\)/.exec(transform)?.[1]);
  if (!Number.isFinite(zoom)) throw new Error(`cannot read the zoom from "${transform}"`);
  return zoom;
}

/** Zooms in with Ctrl + mouse wheel over the middle of the canvas until the zoom reaches `target` (or stops growing). */
export async function zoomTo(page: Page, target: number): Promise<number> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no canvas pane to zoom');
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  let zoom = await currentZoom(page);
  // The wheel alone scrolls the canvas (as a page); with Ctrl held it zooms.
  await page.keyboard.down('Control');
  for (let step = 0; step < 40 && zoom < target; step++) {
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(60);
    const next = await currentZoom(page);
    if (next <= zoom) break;
    zoom = next;
  }
  await page.keyboard.up('Control');
  await page.waitForTimeout(300);
  return currentZoom(page);
}
