// Events/s accepted by POST /v1/events (batches) against a plain multi-row INSERT of the same rows
// (docs/benchmarks.md, "Runtime: ingest"). `pnpm --filter @crossroads/runtime bench`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchCluster } from './harness/cluster.js';
import { type Evidence, evidenceMarkdown, startEvidence, withProfile } from './harness/evidence.js';
import { api, benchWorkspace, publishJourney, sendJourney } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { cpuSeconds, treeCpuSeconds } from './harness/pgSampler.js';
import { DOCS, writeSection } from './harness/report.js';
import { killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { fmt } from './harness/stats.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
/**
 * Runs of baseline and API, alternating which goes first; the figures are their medians (the
 * machine is shared). Even, so that each order counts as often: the side that ran second did worse.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 6);
const BATCH = 1000;
const CLIENTS = 4;
const CONTACTS = 10_000;
/** Batches of each side before the runs (JIT, module loading, connections), not counted. */
const WARM_UP = 20;

/** Row `i` of run `run`: every run has its own event ids and its own (new) contacts. */
const eventRow = (run: string, i: number) => ({
  id: `${run}-${i}`,
  contactId: `${run}-k${i % CONTACTS}`,
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

interface Run {
  seconds: number;
  /** CPU seconds of the runtime process, Postgres (all backends) and this process during the run. */
  cpu: { runtime: number; postgres: number; bench: number };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
};

const cluster = await startBenchCluster();
const sql = cluster.pool(CLIENTS + 2);
const profileDir = await mkdtemp(join(tmpdir(), 'crossroads-bench-prof-'));
try {
  const machine = machineLine(cluster.version);
  console.log(`ingest: ${machine}`);
  // CLIENTS batches of 1,000 in flight weigh ~14 units of admission each (1 per 16 KiB of body),
  // above the default 32 per workspace: this bench measures the ingest path, so its runtime admits
  // what it offers instead of answering 503 (overload.bench.ts measures admission control).
  const runtime = await spawnRuntime({
    mode: 'api',
    databaseUrl: cluster.url,
    cpuProfileDir: profileDir,
    env: { MAX_IN_FLIGHT: '256', MAX_IN_FLIGHT_PER_WORKSPACE: '256' },
  });
  const postmaster = await cluster.pid();
  // One active workflow whose trigger these events do not match: ingestion still looks it up.
  await publishJourney(runtime.url, sendJourney('bench.other'));
  const workspaceId = await benchWorkspace(sql);
  const batches = Math.ceil(EVENTS / BATCH);
  const batchOf = (run: string, b: number) =>
    Array.from({ length: Math.min(BATCH, EVENTS - b * BATCH) }, (_, k) => eventRow(run, b * BATCH + k));

  /**
   * Before each run (not timed): tables vacuumed and a checkpoint done, so that neither side pays
   * for the other's autovacuum or checkpoint, which otherwise favoured whichever side ran first.
   */
  const settle = async () => {
    await sql`vacuum analyze events, contacts, bench_events`;
    await sql`checkpoint`;
  };
  /** Measures one run: wall time and the CPU each process spent. */
  const measure = async (work: () => Promise<number>): Promise<Run> => {
    const before = {
      runtime: await cpuSeconds(runtime.pid),
      postgres: await treeCpuSeconds(postmaster),
      bench: process.cpuUsage(),
    };
    const seconds = await work();
    const bench = process.cpuUsage(before.bench);
    return {
      seconds,
      cpu: {
        runtime: (await cpuSeconds(runtime.pid)) - before.runtime,
        postgres: (await treeCpuSeconds(postmaster)) - before.postgres,
        bench: (bench.user + bench.system) / 1e6,
      },
    };
  };

  // Baseline: the same rows, multi-row INSERT into a table like events, same batches and clients.
  await sql`create table bench_events (like events including all)`;
  const plainBatch = (run: string, b: number) => {
    const rows = batchOf(run, b).map((e) => ({
      workspace_id: workspaceId,
      id: e.id,
      contact_id: e.contactId,
      type: e.type,
      properties: sql.json(e.properties),
      occurred_at: e.timestamp,
    }));
    return sql`insert into bench_events ${sql(rows)}`;
  };
  const apiBatch = (run: string, b: number) =>
    api(runtime.url, 'POST', '/v1/events', { batch: batchOf(run, b) });

  // Warm-up of both sides (JIT, module loading, connections): a few batches that are not counted.
  for (let b = 0; b < WARM_UP; b++) {
    await plainBatch('warm', b);
    await apiBatch('warm', b);
  }
  await sql`delete from bench_events`;
  await sql`delete from events`;
  await sql`delete from event_keys`;
  await sql`delete from contacts where workspace_id = ${workspaceId} and id like 'warm-%'`;

  const plainRuns: Run[] = [];
  const apiRuns: Array<Run & { evidence: Evidence }> = [];
  for (let r = 1; r <= RUNS; r++) {
    const plain = async () => {
      await settle();
      const evidence = await startEvidence(sql, runtime.pid, postmaster);
      const run = await measure(() => timed(batches, (b) => plainBatch(`p${r}`, b)));
      const [insert] = (await evidence.finish()).statements;
      console.log(`  plain run ${r}: insert ${insert?.meanMs} ms mean per batch`);
      return run;
    };
    const viaApi = async () => {
      await settle();
      const evidence = await startEvidence(sql, runtime.pid, postmaster);
      const run = await measure(() => timed(batches, (b) => apiBatch(`a${r}`, b)));
      apiRuns.push({ ...run, evidence: await evidence.finish() });
    };
    // Alternate which goes first so that a drift in the machine's load favours neither.
    if (r % 2 === 1) {
      plainRuns.push(await plain());
      await viaApi();
    } else {
      await viaApi();
      plainRuns.push(await plain());
    }
    const [{ stored }] = (await sql`
      select count(*)::int as stored from events where id like ${`a${r}-%`}`) as unknown as [
      { stored: number },
    ];
    if (stored !== EVENTS) throw new Error(`run ${r}: expected ${EVENTS} events stored, found ${stored}`);
    const [{ contacts }] = (await sql`
      select count(*)::int as contacts from contacts where id like ${`a${r}-k%`}`) as unknown as [
      { contacts: number },
    ];
    if (contacts !== Math.min(CONTACTS, EVENTS)) throw new Error(`run ${r}: ${contacts} contacts created`);
    const p = plainRuns.at(-1)!;
    const a = apiRuns.at(-1)!;
    console.log(
      `run ${r}: API ${fmt(EVENTS / a.seconds)} events/s, plain ${fmt(EVENTS / p.seconds)} rows/s: ${(p.seconds / a.seconds).toFixed(2)}×`,
    );
  }
  await runtime.stop();

  const plainRate = EVENTS / median(plainRuns.map((r) => r.seconds));
  const apiRate = EVENTS / median(apiRuns.map((r) => r.seconds));
  // Each run's API and baseline ran back to back, under the same load: the ratio is theirs, not
  // the quotient of medians that may come from different runs.
  const pairs = plainRuns.map((p, i) => p.seconds / apiRuns[i]!.seconds);
  const ratio = median(pairs);
  const ratios = pairs.map((x) => x.toFixed(2)).join(', ');
  // The evidence of the median API run (the profile covers the runtime's whole life).
  const medianApi = [...apiRuns].sort((a, b) => a.seconds - b.seconds)[Math.floor(apiRuns.length / 2)]!;
  const withCpu = await withProfile(medianApi.evidence, profileDir);
  const perThousand = (runs: Run[], side: keyof Run['cpu']) =>
    ((median(runs.map((r) => r.cpu[side])) / EVENTS) * 1000 * 1000).toFixed(1);
  const cpuRow = (label: string, side: keyof Run['cpu']) =>
    `| ${label} | ${perThousand(plainRuns, side)} | ${perThousand(apiRuns, side)} |`;
  console.log(
    `(d) POST /v1/events ${fmt(apiRate)} events/s vs plain INSERT ${fmt(plainRate)} rows/s: ${ratio.toFixed(2)}× (goal ≥ 0.7×; runs ${ratios})`,
  );
  await writeSection(
    DOCS.benchmarks,
    'runtime-ingest',
    `## Runtime: ingest

\`apps/runtime/bench/ingest.bench.ts\`. Machine: ${machine}; load average at the end ${loadLine()}.
Same durable cluster settings. ${fmt(EVENTS)} events over ${fmt(CONTACTS)} contacts (new to the database,
so ingestion creates them), in batches of ${BATCH}, ${CLIENTS} clients in parallel, after ${WARM_UP} warm-up batches
of each side that are not counted. The API runs as \`runtime api\` in a child process with one active
workflow (its trigger does not match these events, so ingestion does the lookups but enrolls no one).
The baseline inserts the same rows with the same batches and clients as one multi-row \`INSERT\` each
(postgres.js) into \`bench_events\`, created \`LIKE events INCLUDING ALL\` (same columns, primary key
and indexes), from the bench process. ${RUNS} runs of each, alternating (baseline first in odd runs,
API first in even ones), each from a settled database (\`vacuum analyze\` and a checkpoint first; every
run has its own event ids and new contacts); rates are medians, the
ratio is the median of the runs' own ratios (API and baseline of one run ran back to back).

| figure | value |
| --- | ---: |
| plain multi-row INSERT (baseline) | ${fmt(plainRate)} rows/s |
| \`POST /v1/events\` with batches (202, stored, contacts created, workflows checked) | ${fmt(apiRate)} events/s |
| **ratio API ÷ plain insert (goal ≥ 0.7×)** | **${ratio.toFixed(2)}×** (runs: ${ratios}) |

CPU milliseconds per 1,000 rows (median of the runs), which the machine's other tenants disturb
less than the rates:

| process | plain INSERT | \`POST /v1/events\` |
| --- | ---: | ---: |
${cpuRow('runtime (API process)', 'runtime')}
${cpuRow('Postgres (all backends)', 'postgres')}
${cpuRow('bench (load generator)', 'bench')}

What limits the API figure (measured during its median run):

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
