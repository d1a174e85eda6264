import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sql } from '../../src/db/connect.js';
import type { BenchCluster } from './cluster.js';
import { type ProfileSummary, summariseCpuProfile } from './cpuProfile.js';
import { startHandRolled } from './handRolled.js';
import {
  benchWorkspace,
  engineJourney,
  gateSendJourney,
  insertContacts,
  publishJourney,
} from './journeys.js';
import { batched, crossroadsServed, measureRun, type RunFigures, singles, triggerEvents } from './loadRun.js';
import { noopBaseline } from './noopBaseline.js';
import { topStatements } from './pgSampler.js';
import { BENCH_ADMIN_KEY, spawnRuntime } from './runtimeProcess.js';
import type { SmtpReceiver } from './smtpReceiver.js';
import { fmt } from './stats.js';
import { bestWorkerSettings } from './workerSettings.js';

export interface Comparison {
  noopBest: { jobs: number; jobsPerSecond: number };
  engine: RunFigures;
  engineProfile?: ProfileSummary;
  engineStatements: Awaited<ReturnType<typeof topStatements>>;
  runs: {
    crossroadsBatched: RunFigures;
    handBatched: RunFigures;
    crossroadsSingle: RunFigures;
    handSingle: RunFigures;
  };
}

const auth = { authorization: `Bearer ${BENCH_ADMIN_KEY}` };

/**
 * Issue 19's same-run comparisons, after the throughput bench's own run on the same database:
 * (1) the engine alone (trigger → gate → handoff to the ledger, no email) in contacts/s against
 * Graphile Worker's no-op job rate with its documented best settings; (2) trigger → gate → send
 * by Crossroads and by the hand-rolled service (handRolledService.ts), both to the same SMTP
 * receiver, with events posted in batches of 1,000 and one per POST (32 in flight), interleaved so
 * that a change of load on the shared machine touches both sides alike.
 */
export async function runComparison(options: {
  cluster: BenchCluster;
  sql: Sql;
  smtp: SmtpReceiver;
  noopJobs: number;
  engineContacts: number;
  batchedContacts: number;
  singleContacts: number;
  inFlight: number;
}): Promise<Comparison> {
  const { cluster, sql, smtp } = options;
  const postmasterPid = await cluster.pid();
  const best = await noopBaseline(cluster.url, sql, options.noopJobs, 24, bestWorkerSettings());
  console.log(
    `(e) no-op jobs, Graphile Worker's documented best settings: ${fmt(best.jobsPerSecond)} jobs/s`,
  );

  // The engine alone, in a runtime of its own with a CPU profile.
  const profileDir = await mkdtemp(join(tmpdir(), 'crossroads-bench-engine-prof-'));
  const spawnedAt = performance.now();
  const engineRuntime = await spawnRuntime({
    mode: 'all',
    databaseUrl: cluster.url,
    cpuProfileDir: profileDir,
  });
  const workspace = await benchWorkspace(sql);
  await publishJourney(engineRuntime.url, engineJourney('cmp.engine'));
  await insertContacts(sql, workspace, 'xen', options.engineContacts);
  // The profile from here on: the start-up (module compile, first connections) is not the engine.
  const profileFrom = performance.now() - spawnedAt;
  const engine = await measureRun({
    label: 'engine alone: trigger → gate → handoff (ledger), batches of 1,000',
    sql,
    appPid: engineRuntime.pid,
    postmasterPid,
    target: { url: `${engineRuntime.url}/v1/events`, headers: auth },
    events: triggerEvents('xen', 'cmp.engine', options.engineContacts),
    load: batched(1000),
    served: crossroadsServed(sql),
  });
  const engineStatements = await topStatements(sql, 8);
  await engineRuntime.stop();
  const engineProfile = await summariseCpuProfile(profileDir, profileFrom).catch(() => undefined);
  await rm(profileDir, { recursive: true, force: true });
  console.log(
    `(e) engine alone: ${fmt(engine.contactsPerSecond)} contacts/s = ${(engine.contactsPerSecond / best.jobsPerSecond).toFixed(2)}× no-op (goal ≥ 1.0×)`,
  );

  // trigger → gate → send: Crossroads and the hand-rolled service, both up, runs interleaved.
  const runtime = await spawnRuntime({ mode: 'all', databaseUrl: cluster.url, env: { SMTP_URL: smtp.url } });
  await publishJourney(runtime.url, gateSendJourney('cmp.batched'));
  await publishJourney(runtime.url, gateSendJourney('cmp.single'));
  for (const [prefix, count] of [
    ['xcb', options.batchedContacts],
    ['xhb', options.batchedContacts],
    ['xcs', options.singleContacts],
    ['xhs', options.singleContacts],
  ] as const)
    await insertContacts(sql, workspace, prefix, count);
  const hand = await startHandRolled(sql, cluster.url, smtp.url, workspace);
  try {
    const run = (who: 'crossroads' | 'hand', path: 'batched' | 'single') => {
      const count = path === 'batched' ? options.batchedContacts : options.singleContacts;
      const prefix = `x${who === 'crossroads' ? 'c' : 'h'}${path === 'batched' ? 'b' : 's'}`;
      const load = path === 'batched' ? batched(1000) : singles(options.inFlight);
      return measureRun({
        label: `${who === 'crossroads' ? 'Crossroads' : 'hand-rolled'}, ${path === 'batched' ? 'batches of 1,000' : `one event per POST, ${options.inFlight} in flight`}`,
        sql,
        appPid: who === 'crossroads' ? runtime.pid : hand.pid,
        postmasterPid,
        target: who === 'crossroads' ? { url: `${runtime.url}/v1/events`, headers: auth } : { url: hand.url },
        events: triggerEvents(prefix, path === 'batched' ? 'cmp.batched' : 'cmp.single', count),
        load,
        served: who === 'crossroads' ? crossroadsServed(sql) : hand.served(prefix),
      });
    };
    const crossroadsBatched = await run('crossroads', 'batched');
    const handBatched = await run('hand', 'batched');
    const crossroadsSingle = await run('crossroads', 'single');
    const handSingle = await run('hand', 'single');
    for (const r of [crossroadsBatched, handBatched, crossroadsSingle, handSingle])
      console.log(`(f) ${r.label}: ${fmt(r.contactsPerSecond)} contacts/s`);
    return {
      noopBest: { jobs: best.jobs, jobsPerSecond: best.jobsPerSecond },
      engine,
      ...(engineProfile ? { engineProfile } : {}),
      engineStatements,
      runs: { crossroadsBatched, handBatched, crossroadsSingle, handSingle },
    };
  } finally {
    await hand.stop();
    await runtime.stop();
  }
}

const row = (r: RunFigures) =>
  `| ${r.label} | ${fmt(r.contacts)} | ${r.seconds.toFixed(1)} | **${fmt(r.contactsPerSecond)}** | ${r.appCpuMs.toFixed(2)} | ${r.postgresCpuMs.toFixed(2)} | ${r.statementsPerContact.toFixed(1)} | ${fmt(r.walBytesPerContact)} | ${fmt(r.retried)} |`;

/** The comparison as Markdown: the runs, then the ratios the issue sets goals for. */
export function comparisonMarkdown(c: Comparison): string {
  const { crossroadsBatched: cb, handBatched: hb, crossroadsSingle: cs, handSingle: hs } = c.runs;
  const ratio = (a: RunFigures, b: RunFigures) => (a.contactsPerSecond / b.contactsPerSecond).toFixed(2);
  const p = c.engineProfile;
  return [
    '| run | contacts | s | contacts/s | CPU ms per contact: process under test | Postgres | statements per contact | WAL bytes per contact | 503s retried |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(c.engine),
    row(cb),
    row(hb),
    row(cs),
    row(hs),
    '',
    '| ratio (same run) | value | goal |',
    '| --- | ---: | ---: |',
    `| engine alone: contacts/s ÷ no-op jobs/s with Graphile Worker's documented best settings (${fmt(c.noopBest.jobsPerSecond)} jobs/s, ${fmt(c.noopBest.jobs)} jobs) | **${(c.engine.contactsPerSecond / c.noopBest.jobsPerSecond).toFixed(2)}×** | ≥ 1.0× |`,
    `| Crossroads ÷ hand-rolled, batches of 1,000 | **${ratio(cb, hb)}×** | ≥ 1.0× |`,
    `| Crossroads ÷ hand-rolled, one event per POST | **${ratio(cs, hs)}×** | ≥ 1.0× |`,
    `| Crossroads: one event per POST ÷ batches | ${ratio(cs, cb)}× | ≥ 0.8× |`,
    '',
    `Engine alone, where the time goes: runtime ${c.engine.appCpuMs.toFixed(2)} ms and Postgres ${c.engine.postgresCpuMs.toFixed(2)} ms of CPU per contact (${c.engine.statementsPerContact.toFixed(1)} statements) against the no-op pool's ${(1000 / c.noopBest.jobsPerSecond).toFixed(2)} ms of wall time per job.` +
      (p
        ? ` Runtime CPU profile (${fmt(p.busyMs)} ms busy, ${fmt(p.idleMs)} ms idle): ${p.buckets
            .slice(0, 8)
            .map((b) => `${b.name} ${(b.share * 100).toFixed(0)} %`)
            .join(', ')}; hottest: ${p.top
            .slice(0, 6)
            .map((t) => `\`${t.fn}\` ${(t.share * 100).toFixed(0)} %`)
            .join(', ')}.`
        : ''),
    '',
    'Top statements of the engine-alone run (pg_stat_statements, total execution time):',
    '',
    '| statement | calls | total ms | mean ms |',
    '| --- | ---: | ---: | ---: |',
    ...c.engineStatements.map(
      (s) => `| \`${s.query.replace(/\|/g, '\\|')}\` | ${fmt(s.calls)} | ${fmt(s.totalMs)} | ${s.meanMs} |`,
    ),
  ].join('\n');
}
