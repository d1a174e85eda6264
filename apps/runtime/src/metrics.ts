import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry, served at `GET /metrics`. One per process: metrics describe
 * the process, and every app or worker in it adds to the same counters.
 */
export const metricsRegistry = new Registry();
metricsRegistry.setDefaultLabels({ service: 'crossroads' });
collectDefaultMetrics({ register: metricsRegistry, prefix: 'crossroads_process_' });

interface MetricOptions<Label extends string> {
  /** Full metric name, conventionally `crossroads_<area>_<what>_<unit>`, e.g. crossroads_engine_steps_total. */
  name: string;
  help: string;
  labelNames?: readonly Label[];
}

/**
 * A counter in the process registry. Asking twice for the same name returns the same counter, so
 * modules (and test files that build several apps) can declare metrics where they use them.
 *
 * @example
 * ```ts
 * const steps = counter({ name: 'crossroads_engine_steps_total', help: 'Journey steps run', labelNames: ['node_type'] });
 * steps.inc({ node_type: 'wait' });
 * ```
 */
export function counter<Label extends string = string>(options: MetricOptions<Label>): Counter<Label> {
  const existing = metricsRegistry.getSingleMetric(options.name);
  if (existing) return existing as Counter<Label>;
  return new Counter({ ...options, labelNames: options.labelNames ?? [], registers: [metricsRegistry] });
}

/**
 * A histogram in the process registry (same reuse rule as `counter`). Buckets default to
 * latencies in seconds from 1 ms to 10 s.
 *
 * @example
 * ```ts
 * const stepSeconds = histogram({ name: 'crossroads_engine_step_seconds', help: 'Time per step job' });
 * const end = stepSeconds.startTimer(); ...; end();
 * ```
 */
export function histogram<Label extends string = string>(
  options: MetricOptions<Label> & { buckets?: number[] },
): Histogram<Label> {
  const existing = metricsRegistry.getSingleMetric(options.name);
  if (existing) return existing as Histogram<Label>;
  return new Histogram({
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ...options,
    labelNames: options.labelNames ?? [],
    registers: [metricsRegistry],
  });
}

/**
 * A gauge in the process registry (same reuse rule as `counter`).
 *
 * @example
 * ```ts
 * const inFlight = gauge({ name: 'crossroads_http_in_flight_units', help: 'Work in flight' });
 * inFlight.set(3);
 * ```
 */
export function gauge<Label extends string = string>(options: MetricOptions<Label>): Gauge<Label> {
  const existing = metricsRegistry.getSingleMetric(options.name);
  if (existing) return existing as Gauge<Label>;
  return new Gauge({ ...options, labelNames: options.labelNames ?? [], registers: [metricsRegistry] });
}

const stalls = histogram({
  name: 'crossroads_event_loop_stall_seconds',
  help: 'Stretches of 100 ms or more during which the event loop ran no timer (work held it, or the machine gave it no core)',
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

/**
 * Watches this process's event loop: a timer every 50 ms notes how late it runs, and a stretch of
 * 100 ms or more is counted in `crossroads_event_loop_stall_seconds` and logged, so a request or job
 * that holds the loop shows up in /metrics and the logs, next to prom-client's
 * `crossroads_process_nodejs_eventloop_lag_*` (perf_hooks.monitorEventLoopDelay, per scrape).
 * Returns the function that stops it.
 *
 * @example
 * const stop = watchEventLoop((stallMs) => logger.warn({ stallMs }, 'the event loop was held'));
 */
export function watchEventLoop(onStall: (stallMs: number) => void, everyMs = 50, stallMs = 100): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - everyMs;
    last = now;
    if (late < stallMs) return;
    stalls.observe(late / 1000);
    onStall(Math.round(late));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
