// Editor canvas benchmark: time to first render and panning frame rate of 1,000- and 2,000-node
// journeys in headless Chromium, against a 1-node journey measured in the same run, with what
// limits each figure read from a CDP trace. Rewrites its section of docs/benchmarks.md.
// Usage: pnpm --filter @crossroads/editor bench [sizes...]   (perf: same, prints only)
import { join } from 'node:path';
import { launchBrowser, screenshot } from '../test/browser/browser.js';
import { EDITOR_ROOT } from '../test/browser/runtime.js';
import { type Breakdown, breakdown } from './harness/breakdown.js';
import { ensureBuilt } from './harness/build.js';
import { openJourney } from './harness/journeyPage.js';
import { currentZoom, median, type PanResult, panFps, zoomTo } from './harness/pan.js';
import { loadLine, machineLine, table, writeSection } from './harness/report.js';
import { startRecording } from './harness/trace.js';
import { limitLine } from './harness/verdict.js';

const LOADS = Number(process.env.BENCH_LOADS ?? 3);
const PAN_MS = Number(process.env.BENCH_PAN_MS ?? 4000);
const WORKING_ZOOM = 1;
const GOAL = { size: 1000, firstRenderMs: 1500, fps: 50 };

const args = process.argv.slice(2);
const write = !args.includes('--no-write');
const sizes = args.map(Number).filter((n) => n > 0);
const dist = process.env.EDITOR_DIST ?? ensureBuilt(EDITOR_ROOT);
const assets = join(dist, 'assets');

interface ZoomResult {
  zoom: number;
  rendered: number;
  pan: PanResult;
}
interface SizeResult {
  size: number;
  firstRenderMs: number;
  loads: number[];
  out: ZoomResult;
  working: ZoomResult;
  limits?: { load: Breakdown; out: Breakdown; working: Breakdown };
}

const chrome = await launchBrowser();
const browserVersion = chrome.browser.version();
const countNodes = (page: import('playwright-core').Page) => page.locator('.react-flow__node').count();

/** Loads a journey `LOADS` times (median first render), then pans it zoomed out and at working zoom. */
async function measure(size: number): Promise<SizeResult> {
  const loads: number[] = [];
  for (let i = 0; i < LOADS - 1; i++) {
    const journey = await openJourney(chrome, dist, size);
    loads.push(journey.firstRenderMs);
    await journey.close();
  }
  const journey = await openJourney(chrome, dist, size);
  loads.push(journey.firstRenderMs);
  const { page } = journey;
  await page.waitForTimeout(500);
  const out = {
    zoom: await currentZoom(page),
    rendered: await countNodes(page),
    pan: await panFps(page, PAN_MS),
  };
  const zoom = await zoomTo(page, WORKING_ZOOM);
  const working = { zoom, rendered: await countNodes(page), pan: await panFps(page, PAN_MS) };
  await screenshot(page, `bench-${size}`);
  await journey.close();
  return { size, firstRenderMs: median(loads), loads, out, working };
}

/** A separate pass under a CDP trace and CPU profile (profiling slows the page, so figures come from `measure`). */
async function profile(size: number): Promise<NonNullable<SizeResult['limits']>> {
  let loading: Awaited<ReturnType<typeof startRecording>> | undefined;
  const journey = await openJourney(chrome, dist, size, async (page, context) => {
    loading = await startRecording(context, page);
  });
  if (!loading) throw new Error('the load was not recorded');
  const load = breakdown(await loading.stop(), assets);
  const { page, context } = journey;
  await page.waitForTimeout(500);
  let recorder = await startRecording(context, page);
  await panFps(page, 3000);
  const out = breakdown(await recorder.stop(), assets);
  await zoomTo(page, WORKING_ZOOM);
  recorder = await startRecording(context, page);
  await panFps(page, 3000);
  const working = breakdown(await recorder.stop(), assets);
  await journey.close();
  return { load, out, working };
}

const baseline = await measure(1);
console.log(summary(baseline));
const results: SizeResult[] = [];
for (const size of sizes.length ? sizes : [1000, 2000]) {
  const result = await measure(size);
  result.limits = await profile(size);
  if (process.env.BENCH_DEBUG) {
    for (const [figure, b] of Object.entries(result.limits)) {
      const top = b.topEvents.map((e) => `${e.name} (${e.category}) ${Math.round(e.ms)}`).join(', ');
      console.log(`  ${figure}: ${Math.round(b.windowMs)} ms window; main-thread self ms: ${top}`);
    }
  }
  console.log(summary(result));
  results.push(result);
}
await chrome.close();

const section = render(baseline, results);
console.log(`\n${section}`);
if (write) {
  const file = join(EDITOR_ROOT, '../../docs/benchmarks.md');
  await writeSection(file, 'editor-canvas', section, '## Runtime benchmarks: how they run');
  console.log(`\nwrote the editor-canvas section of ${file}`);
}

function summary(r: SizeResult): string {
  return (
    `${r.size} nodes: first render ${r.firstRenderMs} ms (${r.loads.join(', ')}); ` +
    `zoom ${r.out.zoom.toFixed(3)}, ${r.out.rendered} rendered, ${fps(r.out.pan)} fps; ` +
    `zoom ${r.working.zoom.toFixed(2)}, ${r.working.rendered} rendered, ${fps(r.working.pan)} fps`
  );
}

function fps(p: PanResult): string {
  return `${Math.round(p.fps)} (${Math.round(p.minFps)}–${Math.round(p.maxFps)})`;
}

function render(base: SizeResult, rows: SizeResult[]): string {
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const ratio = (v: number, of: number) => `${(v / of).toFixed(2)}×`;
  const col = (f: (r: SizeResult) => string) => [f(base), ...rows.map(f)];
  const header = ['figure', 'baseline: 1-node journey', ...rows.map((r) => `${n(r.size)} nodes`)];
  const body = [
    ['time to first render, ms (median of loads)', ...col((r) => `**${n(r.firstRenderMs)}**`)],
    ['… each load, ms', ...col((r) => r.loads.map(n).join(', '))],
    ['… ratio to baseline', ...col((r) => ratio(r.firstRenderMs, base.firstRenderMs))],
    [
      'zoomed out (fit view): zoom, nodes rendered',
      ...col((r) => `${r.out.zoom.toFixed(3)}, ${n(r.out.rendered)}`),
    ],
    ['… panning fps, median (slowest–fastest 0.5 s)', ...col((r) => `**${fps(r.out.pan)}**`)],
    ['… ratio to baseline', ...col((r) => ratio(r.out.pan.fps, base.out.pan.fps))],
    [
      'working zoom: zoom, nodes rendered',
      ...col((r) => `${r.working.zoom.toFixed(2)}, ${n(r.working.rendered)}`),
    ],
    ['… panning fps, median (slowest–fastest 0.5 s)', ...col((r) => `**${fps(r.working.pan)}**`)],
    ['… ratio to baseline', ...col((r) => ratio(r.working.pan.fps, base.working.pan.fps))],
  ];
  const goal = rows.find((r) => r.size === GOAL.size);
  const met = (ok: boolean) => (ok ? '**met**' : '**not met**');
  const goals = goal
    ? [
        `- Goal: first render of ${n(GOAL.size)} nodes ≤ ${GOAL.firstRenderMs / 1000} s: ${met(goal.firstRenderMs <= GOAL.firstRenderMs)} (${n(goal.firstRenderMs)} ms).`,
        `- Goal: panning ${n(GOAL.size)} nodes with the whole graph in view ≥ ${GOAL.fps} fps: ${met(goal.out.pan.fps >= GOAL.fps)} (${Math.round(goal.out.pan.fps)} fps).`,
      ]
    : [`- Goals (${n(GOAL.size)} nodes) not measured in this run.`];
  const limits = rows.flatMap((r) =>
    r.limits
      ? [
          `- ${n(r.size)} nodes, first render: ${limitLine(r.limits.load)}`,
          `- ${n(r.size)} nodes, panning zoomed out: ${limitLine(r.limits.out, { fps: r.out.pan.fps, baselineFps: base.out.pan.fps })}`,
          `- ${n(r.size)} nodes, panning at working zoom: ${limitLine(r.limits.working, { fps: r.working.pan.fps, baselineFps: base.working.pan.fps })}`,
        ]
      : [],
  );
  return [
    '## Editor: canvas rendering and panning',
    '',
    '`pnpm --filter @crossroads/editor bench` (`apps/editor/bench/canvas.bench.ts`; builds the editor first',
    `if its sources changed). Machine: ${machineLine(browserVersion)}, headless, software rendering`,
    `(\`--disable-gpu\`), viewport 1440×900; load average at the end ${loadLine()} (the machine is shared).`,
    '',
    'The built editor is served with canned API answers and opens a generated journey (a trigger, then',
    'gate → wait → send blocks on a 40-column grid, one edge per node). **First render**: from navigation',
    `to the first node on screen with validation shown (median of ${LOADS} loads, each after a first visit that`,
    `signs in). **Panning**: a mouse drag in circles over the empty pane for ${PAN_MS / 1000} s, as real mouse input sent`,
    'through CDP at a steady 125 Hz; frames counted with `requestAnimationFrame` in 0.5 s windows (the bench',
    'checks that the drag moved the canvas). Zoomed out = fit view; working zoom = wheel-zoomed to about 1.',
    "**Baseline**, same run: the same page with a 1-node journey (the browser's frame ceiling here and the",
    "app's fixed load cost). Journeys over 300 nodes seen far out (zoom < 0.45) draw plain edges as one SVG",
    'path and handles without store subscriptions; closer in, only what is on screen is rendered. They open',
    'far out from their first render (the fit is computed from the canvas size before React Flow mounts).',
    '',
    table(header, body),
    '',
    ...goals,
    '',
    'What limits each figure, from a CDP trace (all threads) and a V8 CPU profile of a second, profiled',
    'pass (JS time by package through the source maps; shares are of wall time):',
    '',
    ...limits,
  ].join('\n');
}
