import { describe, expect, it } from 'vitest';
import { counter, histogram, metricsRegistry } from './metrics.js';

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
