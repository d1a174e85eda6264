import { describe, expect, it } from 'vitest';
import { counter, histogram, metricsRegistry, watchEventLoop } from './metrics.js';

describe('metrics registry', () => {
  it('returns the same counter when asked twice and exposes it in Prometheus text', async () => {
    const a = counter({ name: 'crossroads_test_things_total', help: 'Things', labelNames: ['kind'] });
    const b = counter({ name: 'crossroads_test_things_total', help: 'Things', labelNames: ['kind'] });
    expect(b).toBe(a);
    a.inc({ kind: 'x' }, 2);
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(/crossroads_test_things_total\{kind="x",service="crossroads"\} 2/);
  });

  it('makes histograms with latency buckets', async () => {
    const h = histogram({ name: 'crossroads_test_seconds', help: 'Latency' });
    h.observe(0.003);
    const text = await metricsRegistry.metrics();
    expect(text).toContain('crossroads_test_seconds_bucket{le="0.005",service="crossroads"} 1');
  });
});

describe('event loop watch', () => {
  it('counts and reports a stretch the event loop was held', async () => {
    const seen: number[] = [];
    const stop = watchEventLoop((ms) => seen.push(ms), 10, 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 30));
      const until = performance.now() + 250;
      while (performance.now() < until) {}
      await new Promise((resolve) => setTimeout(resolve, 30));
    } finally {
      stop();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(200);
    expect(await metricsRegistry.metrics()).toMatch(
      /crossroads_event_loop_stall_seconds_count\{service="crossroads"\} [1-9]/,
    );
  });
});
