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
  // Repeated counts (BENCH_WORKER_PROCESSES=1,2,3,1,2,3) interleave rounds on a shared machine: each
  // row is the median of its runs, with every run's rate beside it.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
  const groups = [...new Set(runs.map((r) => r.processes))]
    .sort((a, b) => a - b)
    .map((processes) => {
      const of = runs.filter((r) => r.processes === processes).map((r) => r.figures);
      const pick = (f: (r: RunFigures) => number) => median(of.map(f));
      return {
        processes,
        all: of.map((f) => fmt(f.contactsPerSecond)).join(', '),
        rate: pick((f) => f.contactsPerSecond),
        appCpuMs: pick((f) => f.appCpuMs),
        postgresCpuMs: pick((f) => f.postgresCpuMs),
        benchCpuMs: pick((f) => f.benchCpuMs),
        statements: pick((f) => f.statementsPerContact),
        wal: pick((f) => f.walBytesPerContact),
      };
    });
  const base = groups.find((g) => g.processes === 1) ?? groups[0];
  if (!base) throw new Error('no runs');
  // The model (docs/scaling.md): each worker process is one Node.js thread, so N processes finish
  // at most N × the 1-process rate; all processes of the machine together at most cores ÷ CPU per
  // contact (runtime + Postgres + this bench's load generator and SMTP receiver, all on this host).
  const cores = availableParallelism();
  const cpuCap = (cores * 1000) / (base.appCpuMs + base.postgresCpuMs + base.benchCpuMs);
  const predict = (n: number) => Math.min((n / base.processes) * base.rate, cpuCap);
  const rows = groups.map(
    (g) =>
      `| ${g.processes} | ${fmt(g.rate)} (${g.all}) | ${fmt(predict(g.processes))} | ${(g.rate / predict(g.processes)).toFixed(2)}× | ${(g.rate / base.rate).toFixed(2)}× | ${g.appCpuMs.toFixed(2)} | ${g.postgresCpuMs.toFixed(2)} | ${g.benchCpuMs.toFixed(2)} | ${g.statements.toFixed(1)} | ${fmt(g.wal)} |`,
  );
  if (process.env.BENCH_JSON) console.log(JSON.stringify({ runs, cpuCap }));
  await writeSection(
    DOCS.benchmarks,
    'runtime-worker-processes',
    `## Runtime: worker processes

\`bench/workerProcesses.bench.ts\`. Machine: ${machine}; load average at the end ${loadLine()}. The
journey trigger → gate → send, ${fmt(CONTACTS)} contacts per run posted in batches of 1,000, real
SMTP to a loopback receiver, \`runtime all\` with \`WORKER_PROCESSES\` = ${COUNTS.join(', ')} in that order
(the API in the parent process, each worker pool in a child; 1: one process), one run after the
other on one durable Postgres. The model's prediction (docs/scaling.md) from the 1-process run: N processes finish at most
N × its rate, and the whole machine at most ${cores} cores ÷ (runtime + Postgres + load generator CPU
per contact) = ${fmt(cpuCap)} contacts/s. CPU is per contact, the runtime's with its children.

| worker processes | contacts/s measured (median; each run) | model | measured ÷ model | ÷ 1 process | CPU ms: runtime | Postgres | load generator + SMTP receiver | statements per contact | WAL bytes per contact |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

On ${cores} cores the whole machine is the limit from 2 processes on: the runtime, Postgres and the
load generator share the same cores (and, on this shared machine, other tenants too), so a third
process adds context switches and connections, not throughput.
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await smtp.close();
  await cluster.stop();
}
