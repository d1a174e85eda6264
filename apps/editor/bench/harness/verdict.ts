import type { Breakdown, Category } from './breakdown.js';

const LABELS: Record<Category, string> = {
  scripting: 'scripting',
  'hit-testing': 'hit-testing pointer moves',
  style: 'style',
  layout: 'layout',
  paint: 'paint and layerize',
  gc: 'GC',
  other: 'other (input dispatch, IPC, task overhead)',
};

const pct = (ms: number, of: number) => `${Math.round((100 * ms) / Math.max(1, of))}%`;

/**
 * The **Limit** line of one figure, computed from its breakdown. A frame rate within 10% of the
 * baseline's is limited by the frame ceiling, not the page (while panning, frames come from the
 * compositor, so a busy main thread does not hold them back). Otherwise the limit is the main
 * thread when it was busy most of the time, else CPU spread over the renderer's threads.
 *
 * @example
 * limitLine(b, { fps: 60, baselineFps: 60 }); // '**Limit:** the browser's frame ceiling ...'
 */
export function limitLine(b: Breakdown, frames?: { fps: number; baselineFps: number }): string {
  const window = b.windowMs;
  const parts = (Object.entries(b.main) as Array<[Category, number]>)
    .filter(([, ms]) => ms / window >= 0.02)
    .sort((a, b) => b[1] - a[1])
    .map(([category, ms]) => {
      const label = `${LABELS[category]} ${pct(ms, window)}`;
      if (category !== 'scripting') return label;
      const packages = b.js
        .filter((p) => p.ms / window >= 0.01)
        .slice(0, 4)
        .map((p) => `${p.name === 'src' ? 'our src' : p.name} ${pct(p.ms, window)}`);
      return packages.length ? `${label} (${packages.join(', ')})` : label;
    });
  const cores = (ms: number) => (ms / window).toFixed(2);
  const total = b.mainBusyMs + b.rasterMs + b.compositorMs + b.gpuMs;
  const others =
    `renderer worker threads (raster, background GC) ${cores(b.rasterMs)} cores, compositor ` +
    `${cores(b.compositorMs)}, GPU process (software display) ${cores(b.gpuMs)}; ${cores(total)} cores in all`;
  const main = `main thread busy ${pct(b.mainBusyMs, window)}: ${parts.join(', ')}`;
  if (frames && frames.fps >= 0.9 * frames.baselineFps) {
    const ceiling = `the browser's frame ceiling (${Math.round(frames.baselineFps)} fps on the 1-node baseline)`;
    if (b.mainBusyMs / window < 0.85) return `**Limit:** ${ceiling}, not the page (${main}; ${others}).`;
    return `**Limit:** ${ceiling} for now, with little headroom: under profiling the renderer's ${main}; ${others}. That thread is the next limit.`;
  }
  if (b.mainBusyMs / window >= 0.85) return `**Limit:** CPU on the renderer's ${main}; ${others}.`;
  return `**Limit:** CPU spread over the renderer's threads (${cores(total)} cores busy on a shared machine): ${main}; ${others}.`;
}
