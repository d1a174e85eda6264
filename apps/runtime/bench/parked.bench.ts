// N contacts parked on a wait-for-event: bytes per parked enrollment, runtime RSS, and resume
// latency when their events arrive at 500/s (docs/benchmarks.md, "Runtime: parked scale").
// N = BENCH_PARKED (20,000 by default; BENCH_PARKED=1000000 for the full run by hand).
import { startBenchCluster } from './harness/cluster.js';
import { evidenceMarkdown, startEvidence } from './harness/evidence.js';
import { jobTimes } from './harness/jobMetrics.js';
import { api, benchWorkspace, insertContacts, parkedJourney, publishJourney } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, table, writeSection } from './harness/report.js';
import { killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { fmt, percentile, sleep, until } from './harness/stats.js';

const PARKED = Number(process.env.BENCH_PARKED ?? 20_000);
const RATE = 500;
const RESUME_SECONDS = Number(process.env.BENCH_RESUME_SECONDS ?? 10);
const TICK_MS = 20;

const cluster = await startBenchCluster();
const sql = cluster.pool(4);

/** Bytes of a table with its indexes and TOAST, after VACUUM FULL (dead rows of finished jobs left out). */
async function footprint(): Promise<{ enrollments: number; jobs: number; steps: number; events: number }> {
  await sql`vacuum full enrollments`;
  await sql`vacuum full graphile_worker._private_jobs`;
  const [row] = await sql<{ enrollments: string; jobs: string; steps: string; events: string }[]>`
    select pg_total_relation_size('enrollments')::text as enrollments,
           pg_total_relation_size('graphile_worker._private_jobs')::text as jobs,
           pg_total_relation_size('journey_steps')::text as steps,
           pg_total_relation_size('events')::text as events`;
  return {
    enrollments: Number(row!.enrollments),
    jobs: Number(row!.jobs),
    steps: Number(row!.steps),
    events: Number(row!.events),
  };
}

try {
  const machine = machineLine(cluster.version);
  console.log(`parked: ${machine}; N = ${PARKED}`);
  // Resumes are posted open loop: on a slow machine they pile up past the default admission limit
  // (32 units per workspace). This bench measures parking and resuming, so its runtime admits them.
  const runtime = await spawnRuntime({
    mode: 'all',
    databaseUrl: cluster.url,
    env: { MAX_IN_FLIGHT: '1000', MAX_IN_FLIGHT_PER_WORKSPACE: '1000', REQUEST_TIMEOUT_MS: '120000' },
  });
  await publishJourney(runtime.url, parkedJourney());
  await insertContacts(sql, await benchWorkspace(sql), 'p', PARKED);
  const before = await footprint();
  await sleep(500);
  const rssBefore = await runtime.rss();

  const parkStarted = performance.now();
  for (let from = 0; from < PARKED; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, PARKED - from) }, (_, k) => ({
      contactId: `p${from + k}`,
      type: 'bench.park',
    }));
    await api(runtime.url, 'POST', '/v1/events', { batch });
  }
  await until(
    `${PARKED} enrollments parked`,
    async () => {
      const [row] = await sql<
        { n: number }[]
      >`select count(*)::int as n from enrollments where state = 'waiting'`;
      return row!.n === PARKED;
    },
    60 * 60_000,
    200,
  );
  const parkSeconds = (performance.now() - parkStarted) / 1000;
  const after = await footprint();
  await sleep(1000);
  const rssParked = await runtime.rss();
  const perParked = (after.enrollments - before.enrollments + after.jobs - before.jobs) / PARKED;
  console.log(
    `(e) parked ${PARKED} in ${parkSeconds.toFixed(1)} s: ${fmt(perParked)} bytes per parked enrollment`,
  );

  // Resume: RATE events/s for distinct parked contacts, sent in ticks of RATE * TICK_MS / 1000.
  const perTick = (RATE * TICK_MS) / 1000;
  const resumes = Math.min(PARKED, RATE * RESUME_SECONDS);
  const sentAt = new Map<string, number>();
  const evidence = await startEvidence(sql, runtime.pid, await cluster.pid());
  const started = performance.now();
  const posts: Promise<unknown>[] = [];
  for (let tick = 0; tick * perTick < resumes; tick++) {
    const due = started + tick * TICK_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const batch = Array.from({ length: Math.min(perTick, resumes - tick * perTick) }, (_, k) => ({
      contactId: `p${tick * perTick + k}`,
      type: 'bench.resume',
    }));
    const at = Date.now();
    for (const e of batch) sentAt.set(e.contactId, at);
    posts.push(api(runtime.url, 'POST', '/v1/events', { batch }));
  }
  await Promise.all(posts);
  await until(
    'every resumed enrollment advanced',
    async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from journey_steps where node_id = 'wait' and output = 'event'`;
      return row!.n === resumes;
    },
    120_000,
    100,
  );
  const collected = await evidence.finish();
  const rows = await sql<{ contactId: string; at: number }[]>`
    select contact_id, (extract(epoch from at) * 1000)::float8 as at
    from journey_steps where node_id = 'wait' and output = 'event'`;
  const latencies = rows.map((r) => r.at - sentAt.get(r.contactId)!);
  // RSS right after a burst is V8's high-water mark; its memory reducer gives pages back a few
  // seconds into quiet. The settled figure (lowest within 10 s) is what grows if memory is held.
  await sleep(1000);
  const rssResumedAtOnce = await runtime.rss();
  let rssResumed = rssResumedAtOnce;
  for (let i = 0; i < 10; i++) {
    await sleep(1000);
    rssResumed = Math.min(rssResumed, await runtime.rss());
  }
  const times = await jobTimes(runtime.url);
  await runtime.stop();

  const mib = (b: number) => `${fmt(b / 2 ** 20, 1)} MiB`;
  const p99 = percentile(latencies, 99);
  console.log(
    `(e) resume at ${RATE}/s: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ` +
      `RSS ${mib(rssBefore)} → ${mib(rssParked)} → ${mib(rssResumedAtOnce)}, settled ${mib(rssResumed)}`,
  );
  await writeSection(
    DOCS.benchmarks,
    // The full hand run keeps its own section, so the default run does not overwrite it.
    PARKED >= 1_000_000 ? 'runtime-parked-full' : 'runtime-parked',
    `## Runtime: parked scale${PARKED >= 1_000_000 ? ` (full run by hand, N = ${fmt(PARKED)})` : ''}

\`apps/runtime/bench/parked.bench.ts\` with N = ${fmt(PARKED)} (\`BENCH_PARKED=1000000\` for the full run by
hand). Machine: ${machine}; load average at the end ${loadLine()}. Same durable cluster settings;
\`runtime all\` in a child process. Journey: trigger → wait for \`bench.resume\` (timeout P30D) →
handoff. Sizes are \`pg_total_relation_size\` (heap, indexes, TOAST) after \`VACUUM FULL\` of
enrollments and Graphile Worker's jobs table, before and after parking, so dead rows of finished
jobs are left out. A parked enrollment costs its enrollments row with index entries plus its
timeout job (with job_key). Its trace rows and the trigger event are listed apart.

| figure | value |
| --- | ---: |
| contacts parked (posted in batches of 1,000, worker parks them) | ${fmt(PARKED)} in ${parkSeconds.toFixed(1)} s |
| **bytes per parked enrollment: enrollments + indexes + timeout job (goal ≤ 1 KB)** | **${fmt(perParked)}** |
| of which enrollments (+ indexes) | ${fmt((after.enrollments - before.enrollments) / PARKED)} |
| of which graphile_worker jobs (+ indexes) | ${fmt((after.jobs - before.jobs) / PARKED)} |
| trace rows (journey_steps) per contact, not counted above | ${fmt((after.steps - before.steps) / PARKED)} |
| trigger event (events) per contact, not counted above | ${fmt((after.events - before.events) / PARKED)} |
| runtime RSS: idle → ${fmt(PARKED)} parked → 1 s after ${fmt(resumes)} resumes → settled (lowest in the next 10 s; goal: flat) | ${mib(rssBefore)} → ${mib(rssParked)} → ${mib(rssResumedAtOnce)} → ${mib(rssResumed)} |

Resume latency, ${fmt(resumes)} events for parked contacts at ${RATE}/s (batches of ${perTick} every ${TICK_MS} ms),
from the POST leaving the bench to the start of the \`advance\` transaction that resumed the enrollment
(journey_steps.at; same host clock):

${table(
  ['ms', 'p50', 'p95', 'p99 (goal ≤ 50)', 'max'],
  [
    [
      'event → enrollment advancing',
      percentile(latencies, 50).toFixed(1),
      percentile(latencies, 95).toFixed(1),
      p99.toFixed(1),
      Math.max(...latencies).toFixed(1),
    ],
  ],
)}

What limits the resume figure (measured while resuming):

${evidenceMarkdown(collected, { count: resumes, label: 'resume' }, { times, concurrency: 10 })}
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await cluster.stop();
}
