import type { GraphInput } from '@crossroads/graph-schema';
import { Logger, run } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRegistry } from '../src/metrics.js';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

// A measurement, not a check: run with CROSSROADS_PROBE=1 (issue 8's benchmarks build on it).
const N = Number(process.env.CROSSROADS_PROBE_CONTACTS ?? 2000);
const at = { x: 0, y: 0 };
const journey: GraphInput = {
  schemaVersion: 1,
  id: 'probe',
  name: 'Probe',
  settings: { reentry: 'always' },
  nodes: [
    { id: 'start', type: 'trigger', version: 1, position: at, config: { on: 'event', event: 'probe.start' } },
    {
      id: 'gate',
      type: 'segment-gate',
      version: 1,
      position: at,
      config: { branches: [{ id: 'all', label: 'All', rule: { '>=': [{ var: 'contact.score' }, 0] } }] },
    },
    {
      id: 'email',
      type: 'send',
      version: 1,
      position: at,
      config: { subject: 'Hi', text: 'Hello', reason: 'Probe' },
    },
    { id: 'pause', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'PT1S' } },
    {
      id: 'handoff',
      type: 'sales-handoff',
      version: 1,
      position: at,
      config: {
        assignment: { mode: 'owner', owner: 'a@b.io' },
        priority: 'normal',
        note: 'n',
        stopMarketing: false,
      },
    },
  ],
  edges: [
    { id: 'a', source: 'start', sourceHandle: 'next', target: 'gate' },
    { id: 'b', source: 'gate', sourceHandle: 'all', target: 'email' },
    { id: 'c', source: 'email', sourceHandle: 'next', target: 'pause' },
    { id: 'd', source: 'pause', sourceHandle: 'next', target: 'handoff' },
  ],
};

describe.skipIf(!process.env.CROSSROADS_PROBE)('engine throughput probe', () => {
  let t: Awaited<ReturnType<typeof createEngineApp>>;
  beforeAll(async () => {
    t = await createEngineApp({ WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '10' });
    await publishJourney(t, journey);
    const ids = Array.from({ length: N }, (_, i) => `p${i}`);
    await t.db.sql`insert into contacts (workspace_id, id, attributes)
      select ${t.workspaceId}, id, jsonb_build_object('email', id || '@example.com', 'score', 1) from unnest(${ids}::text[]) as id`;
  });
  afterAll(() => t.close());

  it('journeys vs no-op jobs', async () => {
    const ingestStart = performance.now();
    for (let i = 0; i < N; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
        contactId: `p${i + j}`,
        type: 'probe.start',
      }));
      await t.call('POST', '/v1/events', { batch });
    }
    const ingestMs = performance.now() - ingestStart;
    await eventually(async () => {
      const [row] = await t.db.sql`select count(*)::int as n from enrollments where ended_at is null`;
      const [fx] = await t.db
        .sql`select count(*)::int as n from effects where state in ('pending','sending')`;
      return row?.n === 0 && fx?.n === 0;
    }, 300_000);
    const ms = performance.now() - ingestStart;
    const [steps] = await t.db.sql`select count(*)::int as n from journey_steps`;
    const [effectCount] = await t.db.sql`select count(*)::int as n from effects`;
    await t.worker.stop();
    const metrics = await metricsRegistry.getMetricsAsJSON();
    const jobs = metrics.find((m) => m.name === 'crossroads_engine_job_seconds');
    const values = jobs?.values as Array<{
      metricName?: string;
      value: number;
      labels: Record<string, string>;
    }>;
    for (const v of values.filter((v) => v.metricName?.endsWith('_sum'))) {
      const count =
        values.find((c) => c.metricName?.endsWith('_count') && c.labels.task === v.labels.task)?.value ?? 1;
      console.log(`job ${v.labels.task}: ${count} runs, mean ${((v.value / count) * 1000).toFixed(1)} ms`);
    }

    // Raw no-op jobs, same settings, same database.
    await t.db
      .sql`select graphile_worker.add_jobs(array(select row('noop', '{}'::json, null, null, null, null, null, null)::graphile_worker.job_spec from generate_series(1, ${N * 4})))`;
    const noopStart = performance.now();
    let done = 0;
    const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 10);
    const runner = await run({
      connectionString: t.db.url,
      concurrency,
      noHandleSignals: true,
      pollInterval: 1000,
      taskList: { noop: async () => void done++ },
      logger: new Logger(() => () => {}),
      preset: {
        worker: { localQueue: { size: concurrency }, completeJobBatchDelay: 0, failJobBatchDelay: 0 },
      },
    });
    await eventually(async () => done >= N * 4, 300_000);
    const noopMs = performance.now() - noopStart;
    await runner.stop();
    t.worker.stop = async () => {};
    const stepsPerS = (steps!.n / (ms - 1000)) * 1000;
    const noopPerS = ((N * 4) / noopMs) * 1000;
    console.log(
      `${N} contacts: ingest ${((N / ingestMs) * 1000).toFixed(0)} events/s; journeys done in ${(ms / 1000).toFixed(1)} s ` +
        `(${steps?.n} steps, ${effectCount?.n} effects): ${stepsPerS.toFixed(0)} steps/s excluding the 1 s wait, ` +
        `${((N / ms) * 1000).toFixed(0)} contacts/s; no-op jobs ${noopPerS.toFixed(0)}/s; ratio ${(stepsPerS / noopPerS).toFixed(2)}`,
    );
    expect(steps?.n).toBe(N * 6);
  }, 600_000);
});
