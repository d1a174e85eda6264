import type { GraphInput } from '@crossroads/graph-schema';
import { Logger, run } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRegistry } from '../src/metrics.js';
import { startWorker } from '../src/worker/worker.js';
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

// CROSSROADS_PROBE_NO_EMAIL=1 leaves the send node out, to see the engine without SMTP.
if (process.env.CROSSROADS_PROBE_NO_EMAIL) {
  journey.nodes = journey.nodes.filter((n) => n.id !== 'email');
  journey.edges = [
    { id: 'a', source: 'start', sourceHandle: 'next', target: 'gate' },
    { id: 'b', source: 'gate', sourceHandle: 'all', target: 'pause' },
    { id: 'd', source: 'pause', sourceHandle: 'next', target: 'handoff' },
  ];
}

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
    expect(steps?.n).toBe(N * (process.env.CROSSROADS_PROBE_NO_EMAIL ? 5 : 6));
  }, 600_000);

  it('parked enrollments: bytes each, and resume latency', async () => {
    const parked = Number(process.env.CROSSROADS_PROBE_PARKED ?? 5000);
    const waitGraph: GraphInput = {
      ...journey,
      id: 'parked',
      name: 'Parked',
      nodes: [
        {
          id: 'start',
          type: 'trigger',
          version: 1,
          position: at,
          config: { on: 'event', event: 'park.start' },
        },
        {
          id: 'wait',
          type: 'wait',
          version: 1,
          position: at,
          config: { mode: 'event', event: 'park.go', timeout: 'P1D' },
        },
      ],
      edges: [{ id: 'a', source: 'start', sourceHandle: 'next', target: 'wait' }],
    };
    t.worker = await startWorker(t.deps);
    await publishJourney(t, waitGraph);
    for (let i = 0; i < parked; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, parked - i) }, (_, j) => ({
        contactId: `k${i + j}`,
        type: 'park.start',
      }));
      await t.call('POST', '/v1/events', { batch });
    }
    await eventually(async () => {
      const [row] = await t.db.sql`select count(*)::int as n from enrollments where wait_event = 'park.go'`;
      return row?.n === parked;
    }, 300_000);
    await t.db.sql`vacuum analyze enrollments`;
    const [size] = await t.db.sql`
      select pg_total_relation_size('enrollments')::float8 / (select count(*) from enrollments) as enrollment_bytes,
             pg_total_relation_size('graphile_worker._private_jobs')::float8 / ${parked} as job_bytes`;
    // Resume a fifth of them at ~200 events/s, measuring event received → resumed step (database clock).
    const resumes = Math.min(1000, parked / 5);
    for (let i = 0; i < resumes; i += 20) {
      const batch = Array.from({ length: 20 }, (_, j) => ({ contactId: `k${i + j}`, type: 'park.go' }));
      await t.call('POST', '/v1/events', { batch });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await eventually(async () => {
      const [row] = await t.db
        .sql`select count(*)::int as n from journey_steps where decision ? 'resumed' and contact_id like 'k%'`;
      return row?.n === resumes;
    }, 60_000);
    const [latency] = await t.db.sql`
      select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99
      from (select extract(epoch from s.at - ev.received_at) * 1000 as ms
            from journey_steps s join enrollments e on e.id = s.enrollment_id
            join events ev on ev.workspace_id = e.workspace_id and ev.id = e.event_id
            where s.decision ? 'resumed' and s.contact_id like 'k%') x`;
    console.log(
      `${parked} parked: ${Math.round(size?.enrollmentBytes)} bytes per enrollment row incl. indexes, ` +
        `${Math.round(size?.jobBytes)} bytes per timeout job; resume p50 ${Number(latency?.p50).toFixed(1)} ms, ` +
        `p99 ${Number(latency?.p99).toFixed(1)} ms`,
    );
  }, 600_000);
});
