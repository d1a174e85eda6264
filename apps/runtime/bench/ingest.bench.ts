// Events/s accepted by POST /v1/events (batches) against a plain multi-row INSERT of the same rows
// (docs/benchmarks.md, "Runtime: ingest"). `pnpm --filter @crossroads/runtime bench`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchCluster } from './harness/cluster.js';
import { evidenceMarkdown, startEvidence, withProfile } from './harness/evidence.js';
import { api, benchWorkspace, publishJourney, sendJourney } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, writeSection } from './harness/report.js';
import { killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { fmt } from './harness/stats.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const BATCH = 1000;
const CLIENTS = 4;
const CONTACTS = 10_000;

const eventRow = (run: string, i: number) => ({
  id: `${run}-${i}`,
  contactId: `k${i % CONTACTS}`,
  type: 'page.viewed',
  properties: { page: i % 3 === 0 ? 'pricing' : 'blog', n: i },
  timestamp: new Date(Date.UTC(2026, 10, 24, 0, 0, i % 60)).toISOString(),
});

/** Runs `work(batchIndex)` for every batch with CLIENTS in flight; returns seconds. */
async function timed(batches: number, work: (b: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let b = next++; b < batches; b = next++) await work(b);
    }),
  );
  return (performance.now() - started) / 1000;
}

const cluster = await startBenchCluster();
const sql = cluster.pool(CLIENTS + 2);
const profileDir = await mkdtemp(join(tmpdir(), 'crossroads-bench-prof-'));
try {
  const machine = machineLine(cluster.version);
  console.log(`ingest: ${machine}`);
  const runtime = await spawnRuntime({ mode: 'api', databaseUrl: cluster.url, cpuProfileDir: profileDir });
  // One active workflow whose trigger these events do not match: ingestion still looks it up.
  await publishJourney(runtime.url, sendJourney('bench.other'));
  const workspaceId = await benchWorkspace(sql);
  const batches = Math.ceil(EVENTS / BATCH);
  const batchOf = (run: string, b: number) =>
    Array.from({ length: Math.min(BATCH, EVENTS - b * BATCH) }, (_, k) => eventRow(run, b * BATCH + k));

  // Baseline: the same rows, multi-row INSERT into a table like events, same batches and clients.
  await sql`create table bench_events (like events including all)`;
  const plainSeconds = await timed(batches, (b) => {
    const rows = batchOf('plain', b).map((e) => ({
      workspace_id: workspaceId,
      id: e.id,
      contact_id: e.contactId,
      type: e.type,
      properties: sql.json(e.properties),
      occurred_at: e.timestamp,
    }));
    return sql`insert into bench_events ${sql(rows)}`;
  });
  // Warm-up (JIT, module loading, connections): a few batches that are not counted.
  for (let b = 0; b < 5; b++) await api(runtime.url, 'POST', '/v1/events', { batch: batchOf('warm', b) });
  await sql`delete from events`;
  await sql`delete from contacts where workspace_id = ${workspaceId} and id like 'k%'`;
  const evidence = await startEvidence(sql, runtime.pid, await cluster.pid());
  const apiSeconds = await timed(batches, (b) =>
    api(runtime.url, 'POST', '/v1/events', { batch: batchOf('api', b) }),
  );
  const collected = await evidence.finish();
  const [{ stored }] = (await sql`select count(*)::int as stored from events`) as unknown as [
    { stored: number },
  ];
  await runtime.stop();
  const withCpu = await withProfile(collected, profileDir);
  if (stored !== EVENTS) throw new Error(`expected ${EVENTS} events stored, found ${stored}`);

  const plainRate = EVENTS / plainSeconds;
  const apiRate = EVENTS / apiSeconds;
  const ratio = apiRate / plainRate;
  console.log(
    `(d) POST /v1/events ${fmt(apiRate)} events/s vs plain INSERT ${fmt(plainRate)} rows/s: ${ratio.toFixed(2)}× (goal ≥ 0.7×)`,
  );
  await writeSection(
    DOCS.benchmarks,
    'runtime-ingest',
    `## Runtime: ingest

\`apps/runtime/bench/ingest.bench.ts\`. Machine: ${machine}; load average at the end ${loadLine()}.
Same durable cluster settings. ${fmt(EVENTS)} events over ${fmt(CONTACTS)} contacts (new to the database,
so ingestion creates them), in batches of ${BATCH}, ${CLIENTS} clients in parallel, after 5 warm-up batches that are not counted. The API runs as \`runtime api\`
in a child process with one active workflow (its trigger does not match these events, so
ingestion does the lookups but enrolls no one). The baseline inserts the same rows with the same
batches and clients as one multi-row \`INSERT\` each (postgres.js) into \`bench_events\`, created
\`LIKE events INCLUDING ALL\` (same columns, primary key and indexes), from the bench process.

| figure | value |
| --- | ---: |
| plain multi-row INSERT (baseline) | ${fmt(plainRate)} rows/s (${plainSeconds.toFixed(2)} s) |
| \`POST /v1/events\` with batches (202, stored, contacts created, workflows checked) | ${fmt(apiRate)} events/s (${apiSeconds.toFixed(2)} s) |
| **ratio API ÷ plain insert (goal ≥ 0.7×)** | **${ratio.toFixed(2)}×** |

What limits the API figure (measured during its run):

${evidenceMarkdown(withCpu, { count: EVENTS, label: 'event' })}
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await cluster.stop();
  if (process.env.BENCH_KEEP_PROFILE) console.log(`CPU profile kept in ${profileDir}`);
  else await rm(profileDir, { recursive: true, force: true });
}
