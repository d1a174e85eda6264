// Ingest with and without audited admin actions running in the same workspace: the audit chain's
// per-workspace lock (migration 090) must not slow ingest, which writes no audit rows
// (docs/benchmarks.md, "Runtime: ingest while the audit log is written"). Part of `pnpm bench`.
import { startBenchCluster } from './harness/cluster.js';
import { api, benchWorkspace, publishJourney, sendJourney } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, writeSection } from './harness/report.js';
import { killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { fmt, sleep } from './harness/stats.js';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 60_000);
/** Pairs of runs (alone, with audit writers), alternating which goes first. Even. */
const RUNS = Number(process.env.BENCH_RUNS ?? 6);
const BATCH = 1000;
const CLIENTS = 4;
/** How long each audit writer holds the workspace's audit lock (its transaction stays open). */
const HOLD_MS = 50;
const WRITERS = 2;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
};

const cluster = await startBenchCluster();
const sql = cluster.pool(CLIENTS + WRITERS + 2);
try {
  const machine = machineLine(cluster.version);
  console.log(`audit-ingest: ${machine}`);
  const runtime = await spawnRuntime({ mode: 'api', databaseUrl: cluster.url });
  await publishJourney(runtime.url, sendJourney('bench.other'));
  const workspaceId = await benchWorkspace(sql);
  const batches = Math.ceil(EVENTS / BATCH);
  const batchOf = (run: string, b: number) =>
    Array.from({ length: Math.min(BATCH, EVENTS - b * BATCH) }, (_, k) => {
      const i = b * BATCH + k;
      return { id: `${run}-${i}`, contactId: `${run}-k${i % 5000}`, type: 'page.viewed', properties: { i } };
    });
  const ingest = async (run: string) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let b = next++; b < batches; b = next++) {
          await api(runtime.url, 'POST', '/v1/events', { batch: batchOf(run, b) }, [202]);
        }
      }),
    );
    return (performance.now() - started) / 1000;
  };
  /** Audited actions of the same workspace, back to back, each holding the audit lock HOLD_MS. */
  const auditWriters = () => {
    let stop = false;
    let written = 0;
    const loops = Array.from({ length: WRITERS }, async () => {
      while (!stop) {
        await sql.begin(async (tx) => {
          await tx`insert into audit_log (workspace_id, actor, action, subject)
                   values (${workspaceId}, 'bench', 'workflow.paused', 'bench')`;
          await tx`select pg_sleep(${HOLD_MS / 1000})`;
        });
        written++;
      }
    });
    return {
      async stop() {
        stop = true;
        await Promise.all(loops);
        return written;
      },
    };
  };
  const auditRows = async () =>
    Number((await sql`select count(*) as n from audit_log where actor <> 'bench'`)[0]!.n);

  await ingest('warm');
  const rowsBefore = await auditRows();
  const alone: number[] = [];
  const contended: number[] = [];
  let entries = 0;
  for (let r = 1; r <= RUNS; r++) {
    const runAlone = async () => {
      await sql`vacuum analyze events, contacts`;
      alone.push(await ingest(`s${r}`));
    };
    const runContended = async () => {
      await sql`vacuum analyze events, contacts`;
      const writers = auditWriters();
      await sleep(HOLD_MS);
      contended.push(await ingest(`c${r}`));
      entries += await writers.stop();
    };
    if (r % 2 === 1) {
      await runAlone();
      await runContended();
    } else {
      await runContended();
      await runAlone();
    }
    console.log(
      `run ${r}: alone ${fmt(EVENTS / alone.at(-1)!)} events/s, with audit writers ${fmt(EVENTS / contended.at(-1)!)} events/s`,
    );
  }
  const rowsAfter = await auditRows();
  if (rowsAfter !== rowsBefore) throw new Error(`ingest wrote ${rowsAfter - rowsBefore} audit rows`);
  const [{ ok }] = (await sql`
    select bool_and(hash is not null) as ok from audit_log where workspace_id = ${workspaceId}`) as unknown as [
    { ok: boolean },
  ];
  if (!ok) throw new Error('an audit entry has no hash');
  await runtime.stop();

  const pairs = alone.map((a, i) => a / contended[i]!);
  const ratio = median(pairs);
  const rate = (runs: number[]) => fmt(EVENTS / median(runs));
  console.log(
    `ingest with audit writers ÷ alone: ${ratio.toFixed(2)}× (runs ${pairs.map((x) => x.toFixed(2)).join(', ')})`,
  );
  await writeSection(
    DOCS.benchmarks,
    'runtime-audit-ingest',
    `## Runtime: ingest while the audit log is written

\`apps/runtime/bench/auditIngest.bench.ts\`. Machine: ${machine}; load average at the end ${loadLine()}.
Each audit entry joins its workspace's hash chain under a per-workspace advisory lock held to the end
of the writer's transaction (migration 090). Ingest writes no audit rows, so it never waits for that
lock: measured here with ${fmt(EVENTS)} events per run through \`POST /v1/events\` (batches of ${BATCH},
${CLIENTS} clients, one active workflow), alone and while ${WRITERS} writers append entries to the same
workspace back to back, each holding the lock ${HOLD_MS} ms (far longer than a real publish holds it),
${RUNS} runs of each, alternating which goes first. ${fmt(entries)} audit entries were written
during the contended runs; ingest wrote none (checked).

| figure | value |
| --- | ---: |
| ingest alone (median) | ${rate(alone)} events/s |
| ingest while the workspace's audit lock is held (median) | ${rate(contended)} events/s |
| **ratio with ÷ alone (unaffected ≈ 1.0×)** | **${ratio.toFixed(2)}×** (runs: ${pairs.map((x) => x.toFixed(2)).join(', ')}) |
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await cluster.stop();
}
