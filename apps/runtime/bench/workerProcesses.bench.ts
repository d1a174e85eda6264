// Throughput with 1, 2 and 3 worker processes (`runtime all` with WORKER_PROCESSES), against what
// docs/scaling.md's model predicts from the 1-process run's CPU per contact
// (docs/benchmarks.md, "Runtime: worker processes"). `pnpm --filter @crossroads/runtime bench`.
import { availableParallelism } from 'node:os';
import { startBenchCluster } from './harness/cluster.js';
import { benchWorkspace, gateSendJourney, insertContacts, publishJourney } from './harness/journeys.js';
import { batched, crossroadsServed, measureRun, type RunFigures, triggerEvents } from './harness/loadRun.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, writeSection } from './harness/report.js';
import { BENCH_ADMIN_KEY, killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { startSmtpReceiver } from './harness/smtpReceiver.js';
import { fmt } from './harness/stats.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 5_000);
const COUNTS = (process.env.BENCH_WORKER_PROCESSES ?? '1,2,3,3,2,1').split(',').map(Number);

const cluster = await startBenchCluster();
const sql = cluster.pool(4);
const smtp = await startSmtpReceiver();
try {
  const machine = machineLine(cluster.version);
  console.log(`worker processes: ${machine}`);
  const postmasterPid = await cluster.pid();
  const runs: Array<{ processes: number; figures: RunFigures }> = [];
  for (const processes of COUNTS) {
    const runtime = await spawnRuntime({
      mode: 'all',
      databaseUrl: cluster.url,
      env: { SMTP_URL: smtp.url, WORKER_PROCESSES: String(processes) },
    });
    const event = `wp.${runs.length}`;
    const prefix = `wp${runs.length}x`;
    await publishJourney(runtime.url, gateSendJourney(event));
    await insertContacts(sql, await benchWorkspace(sql), prefix, CONTACTS);
    const figures = await measureRun({
      label: `${processes} worker process${processes > 1 ? 'es' : ''}`,
      sql,
      appPid: runtime.pid,
      postmasterPid,
      target: { url: `${runtime.url}/v1/events`, headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}` } },
      events: triggerEvents(prefix, event, CONTACTS),
      load: batched(1000),
      served: crossroadsServed(sql),
    });
    await runtime.stop();
    runs.push({ processes, figures });
    console.log(
      `${figures.label}: ${fmt(figures.contactsPerSecond)} contacts/s; CPU per contact: runtime ${figures.appCpuMs.toFixed(2)} ms, ` +
        `Postgres ${figures.postgresCpuMs.toFixed(2)} ms, bench ${figures.benchCpuMs.toFixed(2)} ms`,
    );
  }
  // Repeated counts (BENCH_WORKER_PROCESSES=1,2,3,3,2,1) interleave rounds on a shared machine.
  // The model (docs/scaling.md), with the 1-process runs' CPU per contact: a worker process is one
  // Node.js thread, so N of them finish at most N × 1000 ÷ runtime ms contacts/s; and the machine at
  // most (its cores − what other tenants kept busy during that run) ÷ CPU per contact of runtime,
  // Postgres and this bench's load generator and SMTP receiver, which all share this host.
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = (sorted.length - 1) / 2;
    return ((sorted[Math.floor(mid)] ?? 0) + (sorted[Math.ceil(mid)] ?? 0)) / 2;
  };
  const ones = runs.filter((r) => r.processes === 1).map((r) => r.figures);
  const baseRuns = ones.length > 0 ? ones : runs.map((r) => r.figures);
  const base = {
    appCpuMs: median(baseRuns.map((f) => f.appCpuMs)),
    totalCpuMs: median(baseRuns.map((f) => f.appCpuMs + f.postgresCpuMs + f.benchCpuMs)),
  };
  const cores = availableParallelism();
  const predict = (n: number, f: RunFigures) =>
    Math.min((n * 1000) / base.appCpuMs, (Math.max(0.1, cores - f.otherCores) * 1000) / base.totalCpuMs);
  const groups = [...new Set(runs.map((r) => r.processes))]
    .sort((a, b) => a - b)
    .map((processes) => {
      const of = runs.filter((r) => r.processes === processes).map((r) => r.figures);
      const pick = (f: (r: RunFigures) => number) => median(of.map(f));
      return {
        processes,
        each: of
          .map(
            (f) =>
              `${fmt(f.contactsPerSecond)} vs ${fmt(predict(processes, f))} (others ${f.otherCores.toFixed(1)})`,
          )
          .join('; '),
        rate: pick((f) => f.contactsPerSecond),
        model: pick((f) => predict(processes, f)),
        ratio: pick((f) => f.contactsPerSecond / predict(processes, f)),
        appCpuMs: pick((f) => f.appCpuMs),
        postgresCpuMs: pick((f) => f.postgresCpuMs),
        statements: pick((f) => f.statementsPerContact),
        wal: pick((f) => f.walBytesPerContact),
      };
    });
  const rows = groups.map(
    (g) =>
      `| ${g.processes} | ${fmt(g.rate)} | ${fmt(g.model)} | ${g.ratio.toFixed(2)}× | ${g.each} | ${g.appCpuMs.toFixed(2)} | ${g.postgresCpuMs.toFixed(2)} | ${g.statements.toFixed(1)} | ${fmt(g.wal)} |`,
  );
  if (process.env.BENCH_JSON) console.log(JSON.stringify({ runs, base }));
  await writeSection(
    DOCS.benchmarks,
    'runtime-worker-processes',
    `## Runtime: worker processes

\`bench/workerProcesses.bench.ts\`. Machine: ${machine}; load average at the end ${loadLine()}. The
journey trigger → gate → send, ${fmt(CONTACTS)} contacts per run posted in batches of 1,000, real
SMTP to a loopback receiver, \`runtime all\` with \`WORKER_PROCESSES\` = ${COUNTS.join(', ')} in that order
(the API in the parent process, each worker pool in a child; 1: one process), one run after the
other on one durable Postgres. The model (docs/scaling.md) from the 1-process runs' CPU per contact
(runtime ${base.appCpuMs.toFixed(2)} ms; with Postgres and the load generator ${base.totalCpuMs.toFixed(2)} ms): N
processes finish at most N × 1,000 ÷ ${base.appCpuMs.toFixed(2)} contacts/s, and the machine at most its
${cores} cores, less what other tenants kept busy during that run, ÷ ${base.totalCpuMs.toFixed(2)} ms. Medians of
the runs; each run as measured vs model (others: cores busy with other tenants' work).

| worker processes | contacts/s | model | measured ÷ model | each run: measured vs model (others) | CPU ms per contact: runtime | Postgres | statements per contact | WAL bytes per contact |
| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |
${rows.join('\n')}

On ${cores} cores the model expects no gain past ${cores} processes and little past 1: the runtime,
Postgres and the load generator share the same cores (on this shared machine with other tenants
too), so another process adds context switches and connections, not CPU.
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await smtp.close();
  await cluster.stop();
}
