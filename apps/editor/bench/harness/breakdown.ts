import { jsTimeByPackage } from './jsPackages.js';
import type { Recording, TraceEvent } from './trace.js';

export type Category = 'scripting' | 'hit-testing' | 'style' | 'layout' | 'paint' | 'gc' | 'other';

/** Where the page's CPU time went during a recording (ms unless said otherwise). */
export interface Breakdown {
  windowMs: number;
  /** Self time on the renderer's main thread by kind of work. */
  main: Record<Category, number>;
  mainBusyMs: number;
  /** JS self time by package (from the CPU profile, through source maps). */
  js: Array<{ name: string; ms: number }>;
  /** Busy time of the renderer's other threads (raster workers, compositor) and the GPU process (software display). */
  rasterMs: number;
  compositorMs: number;
  gpuMs: number;
  /** The main thread's biggest self times by trace event name, for a closer look. */
  topEvents: Array<{ name: string; category: Category; ms: number }>;
}

const SCRIPTING = new Set([
  'FunctionCall',
  'EvaluateScript',
  'EventDispatch',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'RunMicrotasks',
  'ParseHTML',
  'XHRReadyStateChange',
  'XHRLoad',
]);
const STYLE = new Set([
  'UpdateLayoutTree',
  'Document::recalcStyle',
  'Document::rebuildLayoutTree',
  'ParseAuthorStyleSheet',
]);
const LAYOUT = new Set(['Layout', 'LocalFrameView::performLayout', 'LocalFrameView::NotifyResizeObservers']);
const PAINT = new Set([
  'Paint',
  'PrePaint',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'PaintImage',
  'Decode Image',
]);

/** The kind of work a main-thread trace event stands for (DevTools' Performance panel groups them the same way). */
export function categoryOf(name: string): Category | 'profiler' {
  if (name.startsWith('CpuProfiler')) return 'profiler';
  if (/GC|Sweep|Mark-?Compact|Scavenge/.test(name)) return 'gc';
  if (name === 'HitTest') return 'hit-testing';
  if (SCRIPTING.has(name) || /^v8\.|^V8\./.test(name)) return 'scripting';
  if (STYLE.has(name)) return 'style';
  if (LAYOUT.has(name)) return 'layout';
  if (PAINT.has(name) || /Paint|CompositingInputs|::commit$/.test(name)) return 'paint';
  return 'other';
}

/**
 * Summarises a recording: self time per category on the renderer's main thread (the busiest
 * `CrRendererMain`), the other threads' busy time, and JS time by package.
 *
 * @example
 * const b = breakdown(await recorder.stop(), 'apps/editor/dist/assets');
 * b.main['hit-testing']; // ms spent hit-testing pointer moves
 */
export function breakdown(recording: Recording, assetsDir: string): Breakdown {
  const threads = threadNames(recording.events);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of completeEvents(recording.events)) {
    const key = `${e.pid}:${e.tid}`;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const busy = new Map<string, number>();
  const selfTimes = new Map<string, Map<string, number>>();
  for (const [key, list] of byThread) {
    const { top, self } = selfTime(list);
    busy.set(key, top);
    selfTimes.set(key, self);
  }
  const named = (pattern: RegExp, process: RegExp) =>
    [...busy.keys()].filter(
      (k) => pattern.test(threads.threads.get(k) ?? '') && process.test(threads.processOf(k)),
    );
  const mainKey = named(/^CrRendererMain$/, /Renderer/).sort(
    (a, b) => (busy.get(b) ?? 0) - (busy.get(a) ?? 0),
  )[0];
  const main: Record<Category, number> = {
    scripting: 0,
    'hit-testing': 0,
    style: 0,
    layout: 0,
    paint: 0,
    gc: 0,
    other: 0,
  };
  let profilerMs = 0;
  const topEvents: Breakdown['topEvents'] = [];
  for (const [name, ms] of selfTimes.get(mainKey ?? '') ?? []) {
    const category = categoryOf(name);
    if (category === 'profiler') profilerMs += ms;
    else {
      main[category] += ms;
      topEvents.push({ name, category, ms });
    }
  }
  topEvents.sort((a, b) => b.ms - a.ms);
  const sum = (keys: string[]) => keys.reduce((total, k) => total + (busy.get(k) ?? 0), 0);
  const rendererPid = mainKey?.split(':')[0];
  const rendererWorkers = [...busy.keys()].filter(
    (k) => k.split(':')[0] === rendererPid && /Worker/.test(threads.threads.get(k) ?? ''),
  );
  return {
    windowMs: recording.wallMs,
    main,
    mainBusyMs: (busy.get(mainKey ?? '') ?? 0) - profilerMs,
    js: [...jsTimeByPackage(recording.profile, assetsDir)]
      .map(([name, ms]) => ({ name, ms }))
      .sort((a, b) => b.ms - a.ms),
    rasterMs: sum(rendererWorkers),
    compositorMs: sum(
      [...busy.keys()].filter(
        (k) => k.split(':')[0] === rendererPid && threads.threads.get(k) === 'Compositor',
      ),
    ),
    gpuMs: sum(named(/./, /GPU/)),
    topEvents: topEvents.slice(0, 12),
  };
}

/** Complete ('X') events, plus begin/end pairs turned into complete events, with durations in ms. */
function completeEvents(events: TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  const open = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph === 'X' && e.dur !== undefined) out.push({ ...e, ts: e.ts / 1000, dur: e.dur / 1000 });
    else if (e.ph === 'B') {
      const key = `${e.pid}:${e.tid}`;
      open.set(key, [...(open.get(key) ?? []), e]);
    } else if (e.ph === 'E') {
      const begin = open.get(`${e.pid}:${e.tid}`)?.pop();
      if (begin) out.push({ ...begin, ts: begin.ts / 1000, dur: (e.ts - begin.ts) / 1000 });
    }
  }
  return out;
}

/** Busy time (top-level events) and self time per event name of one thread's events. */
function selfTime(list: TraceEvent[]): { top: number; self: Map<string, number> } {
  list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  let top = 0;
  for (const e of list) {
    const dur = e.dur ?? 0;
    while (stack.length && endOf(stack[stack.length - 1]) <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - Math.min(dur, endOf(parent) - e.ts));
    else top += dur;
    self.set(e.name, (self.get(e.name) ?? 0) + dur);
    stack.push(e);
  }
  return { top, self };
}

function endOf(e: TraceEvent | undefined): number {
  return e ? e.ts + (e.dur ?? 0) : 0;
}

function threadNames(events: TraceEvent[]) {
  const threads = new Map<string, string>();
  const processes = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, String(e.args?.name));
    if (e.name === 'process_name') processes.set(e.pid, String(e.args?.name));
  }
  return { threads, processOf: (key: string) => processes.get(Number(key.split(':')[0])) ?? '' };
}
