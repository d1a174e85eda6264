import type { Sql } from '../../src/db/connect.js';
import { type ProfileSummary, summariseCpuProfile } from './cpuProfile.js';
import { type JobTime, jobTimesLine } from './jobMetrics.js';
import {
  cpuSeconds,
  machineJiffies,
  resetStats,
  sampleWaits,
  statementCalls,
  topStatements,
  treeCpuSeconds,
  type WaitSample,
  walStats,
} from './pgSampler.js';
import { fmt } from './stats.js';

export interface Evidence {
  seconds: number;
  cpu: { runtime: number; postgres: number; bench: number };
  /** Share of the whole machine's CPU time that was busy (all tenants), 0–1. */
  machineBusy: number;
  waits: WaitSample;
  statements: Awaited<ReturnType<typeof topStatements>>;
  /** All statements executed (sum of pg_stat_statements calls). */
  statementCalls: number;
  wal: Awaited<ReturnType<typeof walStats>>;
  profile?: ProfileSummary;
}

/**
 * Collects what limits a run while it goes: CPU seconds of the runtime process, of Postgres
 * (postmaster and backends) and of the bench itself; wait events of active backends; the top
 * statements (pg_stat_statements); WAL bytes and fsyncs. Call `finish` after the run, then
 * `withProfile` once the runtime has exited and written its CPU profile.
 */
export async function startEvidence(sql: Sql, runtimePid: number, postmasterPid: number) {
  await resetStats(sql);
  const started = performance.now();
  const cpu0 = {
    runtime: await cpuSeconds(runtimePid),
    postgres: await treeCpuSeconds(postmasterPid),
    bench: process.cpuUsage(),
    machine: await machineJiffies(),
  };
  const sampler = sampleWaits(sql);
  return {
    async finish(): Promise<Evidence> {
      const seconds = (performance.now() - started) / 1000;
      const bench = process.cpuUsage(cpu0.bench);
      const cpu = {
        runtime: (await cpuSeconds(runtimePid)) - cpu0.runtime,
        postgres: (await treeCpuSeconds(postmasterPid)) - cpu0.postgres,
        bench: (bench.user + bench.system) / 1e6,
      };
      const waits = await sampler.stop();
      const machine = await machineJiffies();
      const total = machine.total - cpu0.machine.total;
      const machineBusy = total > 0 ? 1 - (machine.idle - cpu0.machine.idle) / total : 0;
      return {
        seconds,
        cpu,
        machineBusy,
        waits,
        statements: await topStatements(sql),
        statementCalls: await statementCalls(sql),
        // For a closer look by hand: every statement with its calls, to the console.
        ...(process.env.BENCH_ALL_STATEMENTS ? { all: printStatements(await topStatements(sql, 80)) } : {}),
        wal: await walStats(sql),
      };
    },
  };
}

export async function withProfile(evidence: Evidence, dir: string): Promise<Evidence> {
  return { ...evidence, profile: await summariseCpuProfile(dir).catch(() => undefined) };
}

/**
 * The limiting factor the evidence points at, in one sentence: the busiest of the runtime's CPU
 * (one Node.js thread: near 1 core means saturated), Postgres' CPU, and what Postgres backends
 * wait on (commit serialization behind NOTIFY's lock, WAL flushes, row locks).
 */
export function verdict(e: Evidence, jobs?: { times: JobTime[]; concurrency: number }): string {
  const runtimeCores = e.cpu.runtime / e.seconds;
  const pgCores = e.cpu.postgres / e.seconds;
  const share = (prefix: string) =>
    e.waits.waits.filter((w) => w.wait.startsWith(prefix)).reduce((sum, w) => sum + w.share, 0);
  const notify = share('Lock:object');
  const wal = share('IO:WalSync') + share('LWLock:WALWrite') + share('IO:WalWrite');
  const rows = share('Lock:tuple') + share('Lock:transactionid');
  const busyDb = e.waits.meanActive;
  const parts: string[] = [];
  // A machine without a spare core slows everything else down with it (a job waiting to be
  // scheduled looks like a job waiting on I/O), so it is named first.
  const total = (e.cpu.runtime + e.cpu.postgres + e.cpu.bench) / e.seconds;
  const cpuBound = total >= 1.6 || e.machineBusy >= 0.9;
  if (total >= 1.6) parts.push(`the 2 cores (${total.toFixed(2)} cores used by this run alone)`);
  else if (e.machineBusy >= 0.9)
    parts.push(
      `CPU time on a shared machine: all cores were ${(e.machineBusy * 100).toFixed(0)} % busy while this run used ${total.toFixed(2)} of 2 cores, so its processes waited to be scheduled`,
    );
  const slowest = jobs?.times.slice().sort((a, b) => b.meanMs * b.count - a.meanMs * a.count)[0];
  const jobCount = jobs ? jobs.times.reduce((a, t) => a + t.count, 0) : 0;
  const mean = jobs ? jobs.times.reduce((a, t) => a + t.count * t.meanMs, 0) / Math.max(1, jobCount) : 0;
  // The slots limit only when they are nearly all busy: slot-seconds used per second of the run.
  const slotsBusy = jobs ? (jobCount * mean) / 1000 / e.seconds / jobs.concurrency : 0;
  if (jobs && slowest && runtimeCores < 0.75 && slotsBusy >= 0.7) {
    parts.push(
      `the worker pool's ${jobs.concurrency} job slots: jobs (a walk with the deliveries it wrote) take ${mean.toFixed(0)} ms of wall time on average ` +
        `(\`${slowest.task}\` ${slowest.meanMs.toFixed(0)} ms, the largest share) while the runtime's CPU is ` +
        `${runtimeCores.toFixed(2)} cores, so jobs mostly wait on I/O (commits, network round trips), capping the pool near ` +
        `${Math.round((jobs.concurrency * 1000) / mean)} jobs/s`,
    );
  }
  if (runtimeCores >= 0.75)
    parts.push(`the runtime's single Node.js thread (${runtimeCores.toFixed(2)} cores busy)`);
  if (busyDb >= 1 && notify >= 0.25)
    parts.push(
      `commits queueing on NOTIFY's database-wide lock (${(notify * 100).toFixed(0)} % of active backend samples wait on it)`,
    );
  if (busyDb >= 1 && wal >= 0.25) parts.push(`WAL flushes (fsync) (${(wal * 100).toFixed(0)} % of samples)`);
  if (busyDb >= 1 && rows >= 0.2) parts.push(`row locks (${(rows * 100).toFixed(0)} % of samples)`);
  if (pgCores >= 0.75) parts.push(`Postgres CPU (${pgCores.toFixed(2)} cores)`);
  if (parts.length === 0 && !cpuBound)
    return `**Limit:** none of CPU, locks or fsync is saturated (runtime ${runtimeCores.toFixed(2)} cores, Postgres ${pgCores.toFixed(2)} cores, ${busyDb.toFixed(1)} backends active on average): the time goes to waiting between steps (job pickup, poll intervals, scheduled run_at), i.e. latency, not capacity.`;
  return `**Limit:** ${parts.join('; then ')}.`;
}

/** The evidence as Markdown (a few lines and small tables). */
export function evidenceMarkdown(
  e: Evidence,
  walUnit?: { count: number; label: string },
  jobs?: { times: JobTime[]; concurrency: number },
): string {
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  const cores = (s: number) => `${s.toFixed(1)} s (${(s / e.seconds).toFixed(2)} cores)`;
  const lines = [
    verdict(e, jobs),
    '',
    ...(jobs ? [jobTimesLine(jobs.times, jobs.concurrency)] : []),
    `- CPU over ${e.seconds.toFixed(1)} s: runtime process ${cores(e.cpu.runtime)}, Postgres ${cores(e.cpu.postgres)}, ` +
      `load generator ${cores(e.cpu.bench)}; the machine has 2 cores, ${(e.machineBusy * 100).toFixed(0)} % busy overall (other tenants included).`,
    ...(walUnit ? [cpuBudgetLine(e, walUnit)] : []),
    `- Postgres backends (sampled every 50 ms): on average ${e.waits.meanActive.toFixed(1)} running a statement, ` +
      `${e.waits.meanIdleInTransaction.toFixed(1)} idle in a transaction (waiting for the runtime); ` +
      `what the running ones did: ${e.waits.waits
        .slice(0, 5)
        .map((w) => `${w.wait} ${pct(w.share)}`)
        .join(', ')}.` +
      (e.waits.lockTargets.length > 0
        ? ` Backends blocked on a lock waited for: ${e.waits.lockTargets
            .slice(0, 3)
            .map((t) => `${t.target} ${pct(t.share)}`)
            .join(
              ', ',
            )}${e.waits.lockTargets[0]?.target.startsWith('object pg_database/0') ? " (the lock every transaction that sent NOTIFY holds from its commit until the commit is flushed: Graphile Worker notifies `jobs:insert` whenever jobs are added, so these commits queue behind each other and each one's WAL flush)" : ''}.`
        : ''),
    `- WAL: ${fmt(e.wal.bytes / 2 ** 20, 1)} MiB, ${fmt(e.wal.records)} records, ${fmt(e.wal.syncs)} fsyncs` +
      (walUnit
        ? ` (${fmt(e.wal.bytes / walUnit.count)} bytes and ${(e.wal.syncs / walUnit.count).toFixed(2)} fsyncs per ${walUnit.label})`
        : '') +
      '.',
  ];
  if (e.profile) {
    const p = e.profile;
    lines.push(
      `- Runtime CPU profile (node --cpu-prof, ${fmt(p.busyMs)} ms busy, ${fmt(p.idleMs)} ms idle): ` +
        p.buckets
          .slice(0, 8)
          .map((b) => `${b.name} ${pct(b.share)}`)
          .join(', ') +
        `. Hottest functions: ${p.top
          .slice(0, 5)
          .map((t) => `\`${t.fn}\` ${pct(t.share)}`)
          .join(', ')}.`,
    );
  }
  lines.push(
    '',
    `Top statements (pg_stat_statements, total execution time; ${fmt(e.statementCalls)} statements in all${
      walUnit ? `, ${(e.statementCalls / walUnit.count).toFixed(1)} per ${walUnit.label}` : ''
    }):`,
    '',
    '| statement | calls | total ms | mean ms |',
    '| --- | ---: | ---: | ---: |',
    ...e.statements.map(
      (s) => `| \`${s.query.replace(/\|/g, '\\|')}\` | ${fmt(s.calls)} | ${fmt(s.totalMs)} | ${s.meanMs} |`,
    ),
  );
  return lines.join('\n');
}

function printStatements(rows: Awaited<ReturnType<typeof topStatements>>): void {
  for (const r of [...rows].sort((a, b) => b.calls - a.calls)) {
    console.log(`${String(r.calls).padStart(7)} ${String(r.totalMs).padStart(8)} ms  ${r.query}`);
  }
}

/** CPU per unit of work, and the rate two cores could sustain at that cost: a ceiling from measurement. */
function cpuBudgetLine(e: Evidence, unit: { count: number; label: string }): string {
  const ms = (seconds: number) => ((seconds * 1000) / unit.count).toFixed(2);
  const perUnit = (e.cpu.runtime + e.cpu.postgres + e.cpu.bench) / unit.count;
  return (
    `- CPU per ${unit.label}: runtime ${ms(e.cpu.runtime)} ms, Postgres ${ms(e.cpu.postgres)} ms, load generator ` +
    `(the bench process with its receivers) ${ms(e.cpu.bench)} ms; at that cost 2 cores complete at most ` +
    `${Math.round(2 / perUnit).toLocaleString('en-US')} ${unit.label}s/s.`
  );
}
