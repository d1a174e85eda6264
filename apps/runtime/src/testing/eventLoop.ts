import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** CPU time of the calling thread (the event loop's) in ms, 10 ms steps (Linux). */
export function mainThreadCpuMs(): number {
  const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface EventLoopWhile {
  /** The longest stretch the event loop's own work held it (ms of this thread's CPU in one gap). */
  heldMs: number;
  /** The longest gap between two ticks, whatever its cause (the machine may give us no core). */
  stallMs: number;
  /** Event-loop delay p99 and max over the run (perf_hooks.monitorEventLoopDelay), in ms. */
  delayP99Ms: number;
  delayMaxMs: number;
  /** Latency of each probe (e.g. GET /healthz) in ms, in order. */
  probeMs: number[];
}

/**
 * How long the event loop was held while `during` ran, measured so that a busy machine does not
 * count: every 5 ms a timer notes the time and this thread's CPU; a gap between two ticks is a
 * stall, and the CPU this thread used in it is how much of the stall was work on the event loop
 * (a template rendered or pack code run here would show as such), the rest was the machine giving
 * the thread no core (CI shares two cores). Meanwhile `probe` (e.g. a /healthz request) is timed
 * every 20 ms; it must resolve for the run to go on. Prints a summary line.
 *
 * @example
 * const loop = await eventLoopWhile(() => t.app.request('/healthz'), () => t.call('POST', '/v1/templates/preview', body));
 * expect(loop.heldMs).toBeLessThan(100);
 */
export async function eventLoopWhile(probe: () => Promise<unknown>, during: () => Promise<unknown>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let heldMs = 0;
  let stallMs = 0;
  const probeMs: number[] = [];
  let last = { at: performance.now(), cpu: mainThreadCpuMs() };
  const ticker = setInterval(() => {
    const now = { at: performance.now(), cpu: mainThreadCpuMs() };
    const gap = now.at - last.at;
    stallMs = Math.max(stallMs, gap);
    // The gap's own CPU, less one 10 ms tick of rounding.
    heldMs = Math.max(heldMs, Math.min(gap, now.cpu - last.cpu - 10));
    last = now;
  }, 5);
  let running = true;
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      await probe();
      probeMs.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await during();
  } finally {
    running = false;
    clearInterval(ticker);
    await poll;
    delay.disable();
  }
  const result: EventLoopWhile = {
    heldMs,
    stallMs,
    delayP99Ms: delay.percentile(99) / 1e6,
    delayMaxMs: delay.max / 1e6,
    probeMs,
  };
  const sorted = [...probeMs].sort((a, b) => a - b);
  const at = (q: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(0);
  console.info(
    `event loop: held at most ${heldMs.toFixed(0)} ms, longest stall ${stallMs.toFixed(0)} ms, delay p99 ${result.delayP99Ms.toFixed(0)} ms, max ${result.delayMaxMs.toFixed(0)} ms; ` +
      `probe answered ${probeMs.length} times, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`,
  );
  return result;
}
