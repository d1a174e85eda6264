import { gauge } from '../metrics.js';

const limitGauge = gauge({
  name: 'crossroads_http_admission_limit_units',
  help: 'Units of work the API admits in flight now: MAX_IN_FLIGHT, lowered while the event loop runs late',
});

export interface LoadLimitOptions {
  /** The configured bound (MAX_IN_FLIGHT): the limit never rises above it. */
  max: number;
  /** The limit never falls below this, so a busy process still makes progress. */
  min: number;
  /** Event-loop lateness (ms) above which the process is taken as saturated. */
  targetLagMs: number;
}

/**
 * The next admission limit from how late the event loop ran (additive increase, multiplicative
 * decrease, as TCP does): while the loop is late the process is out of CPU, and every request it
 * admits then waits behind the others (and the 503s it owes queue in the kernel), so it admits
 * fewer until the loop keeps time again; then one more per tick, up to `max`.
 */
export function nextLimit(limit: number, lagMs: number, options: LoadLimitOptions): number {
  if (lagMs > options.targetLagMs) return Math.max(options.min, Math.floor(limit * 0.75));
  return Math.min(options.max, limit + 1);
}

/**
 * The API's admission limit, following event-loop lateness measured by a timer every `everyMs`.
 * A bound on requests in flight alone does not keep accepted requests fast when the process itself
 * is short of CPU (parsing and refusing thousands of requests a second costs CPU too): the loop's
 * lateness is the signal that it is. Returns `current()` and `stop()`.
 *
 * @example
 * const limit = followEventLoop({ max: 48, min: 4, targetLagMs: 20 });
 * if (inFlight + 1 > limit.current()) refuse();
 */
export function followEventLoop(options: LoadLimitOptions, everyMs = 10) {
  let limit = options.max;
  limitGauge.set(limit);
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const lag = now - last - everyMs;
    last = now;
    const next = nextLimit(limit, lag, options);
    if (next !== limit) limitGauge.set(next);
    limit = next;
  }, everyMs);
  timer.unref();
  return {
    current: () => limit,
    stop: () => clearInterval(timer),
  };
}
