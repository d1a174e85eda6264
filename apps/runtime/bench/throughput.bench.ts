// End-to-end journey throughput against raw Graphile Worker no-op throughput on the same database
// (docs/benchmarks.md, "Runtime: journey throughput"). `pnpm --filter @crossroads/runtime bench`.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADVANCE_BATCH } from '../src/queue/jobs.js';
import { startBenchCluster } from './harness/cluster.js';
import { comparisonMarkdown, runComparison } from './harness/comparison.js';
import {
  bytesPerContact,
  type EmailRun,
  issue19EmailJourneys,
  tableBytes,
  timeEmailJourney,
} from './harness/emailJourneys.js';
import { evidenceMarkdown, startEvidence, withProfile } from './harness/evidence.js';
import { jobTimes } from './harness/jobMetrics.js';
import { api, benchWorkspace, fiveStepJourney, insertContacts, publishJourney } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { noopBaseline } from './harness/noopBaseline.js';
import { DOCS, writeSection } from './harness/report.js';
import { killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { smtpCeiling } from './harness/smtpCeiling.js';
import { startSmtpReceiver } from './harness/smtpReceiver.js';
import { fmt, until } from './harness/stats.js';
import { ENGINE_CONCURRENCY } from './harness/workerSettings.js';

// Enough contacts for a steady state: at 2,000 the run is ~6 s, much of it JIT warm-up, first
// connections and the journey's one-second wait (2,000 gave ~330 contacts/s, 10,000 ~480).
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const NOOP_JOBS = Number(process.env.BENCH_NOOP_JOBS ?? 20_000);
const CEILING_EMAILS = Number(process.env.BENCH_CEILING_EMAILS ?? 5_000);
// Issue 19's comparisons (harness/comparison.ts): the engine alone, and Crossroads against the
// hand-rolled service on both the batched and the one-event-per-POST path.
const ENGINE_CONTACTS = Number(process.env.BENCH_ENGINE_CONTACTS ?? 10_000);
const COMPARE_CONTACTS = Number(process.env.BENCH_COMPARE_CONTACTS ?? 5_000);
const SINGLE_CONTACTS = Number(process.env.BENCH_SINGLE_CONTACTS ?? 2_000);
const IN_FLIGHT = 32;
const BATCH = 1000;

const cluster = await startBenchCluster();
const sql = cluster.pool(4);
const smtp = await startSmtpReceiver();
const profileDir = await mkdtemp(join(tmpdir(), 'crossroads-bench-prof-'));
try {
  const machine = machineLine(cluster.version);
  console.log(`journey throughput: ${machine}`);
  const baseline = await noopBaseline(cluster.url, sql, NOOP_JOBS);
  console.log(
    `(a) no-op jobs: ${fmt(baseline.jobsPerSecond)} jobs/s (${NOOP_JOBS} in ${baseline.seconds.toFixed(2)} s)`,
  );

  // A receiver of its own, so (b)'s counts hold only the journey's emails.
  const ceilingReceiver = await startSmtpReceiver();
  const ceiling = await smtpCeiling(ceilingReceiver, CEILING_EMAILS, ENGINE_CONCURRENCY).finally(() =>
    ceilingReceiver.close(),
  );
  console.log(
    `(c) SMTP alone: ${fmt(ceiling.emailsPerSecond)} emails/s (${CEILING_EMAILS} in ${ceiling.seconds.toFixed(2)} s; ` +
      `CPU per email: sender ${ceiling.senderCpuMs.toFixed(2)} ms, receiver ${ceiling.receiverCpuMs.toFixed(2)} ms)`,
  );

  const runtime = await spawnRuntime({
    mode: 'all',
    databaseUrl: cluster.url,
    env: { SMTP_URL: smtp.url },
    cpuProfileDir: profileDir,
  });
  await publishJourney(runtime.url, fiveStepJourney());
  const workspace = await benchWorkspace(sql);
  await insertContacts(sql, workspace, 'c', CONTACTS);
  const bytesBefore = await tableBytes(sql);
  const evidence = await startEvidence(sql, runtime.pid, await cluster.pid());
  const started = performance.now();
  for (let from = 0; from < CONTACTS; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, CONTACTS - from) }, (_, i) => ({
      id: `start-${from + i}`,
      contactId: `c${from + i}`,
      type: 'bench.start',
    }));
    await api(runtime.url, 'POST', '/v1/events', { batch });
  }
  const ingested = performance.now();
  await until(
    'every contact completed with its email and handoff sent',
    async () => {
      // The counts cost Postgres ~24 ms each (0.6 ms per contact over a run): only once the emails are in.
      if (smtp.counts().unique < CONTACTS) return false;
      const [row] = await sql<{ completed: number; sent: number }[]>`
        select (select count(*)::int from enrollments where state = 'completed') as completed,
               (select count(*)::int from effects where state = 'sent') as sent`;
      return row!.completed === CONTACTS && row!.sent === 2 * CONTACTS;
    },
    15 * 60_000,
    250,
  );
  const seconds = (performance.now() - started) / 1000;
  const collected = await evidence.finish();
  const fiveStepBytes = bytesPerContact(bytesBefore, await tableBytes(sql), CONTACTS);
  const [{ steps, jobs }] = (await sql`
    select (select count(*)::int from journey_steps) as steps,
           (select count(*)::int from effects) + (select count(*)::int * 2 from enrollments) as jobs`) as unknown as [
    { steps: number; jobs: number },
  ];
  const times = await jobTimes(runtime.url);
  // Jobs really run (advance batches enrollments); without /metrics, the unbatched count.
  const jobsRun = times.length > 0 ? times.reduce((a, t) => a + t.count, 0) : jobs;
  const emails = smtp.counts();
  // Issue 19's email journeys, each on contacts of its own in the same runtime and database.
  const emailRuns: Array<[string, EmailRun]> = [];
  for (const [label, prefix, graph, event] of await issue19EmailJourneys()) {
    await insertContacts(sql, workspace, prefix, CONTACTS);
    const run = await timeEmailJourney({
      sql,
      runtime,
      postmasterPid: await cluster.pid(),
      graph,
      event,
      prefix,
      count: CONTACTS,
      batch: BATCH,
      smtp,
    });
    emailRuns.push([label, run]);
    console.log(
      `(${emailRuns.length === 1 ? 'd' : 'e'}) ${label}: ${fmt(run.contactsPerSecond)} contacts/s = ` +
        `${(run.contactsPerSecond / ceiling.emailsPerSecond).toFixed(2)}× (c); ${(run.evidence.statementCalls / CONTACTS).toFixed(1)} statements, ` +
        `${fmt(run.bytes.total)} bytes per contact`,
    );
    for (const line of run.relations) console.log(`    ${line}`);
  }
  await runtime.stop();
  const withCpu = await withProfile(collected, profileDir);

  const stepsPerSecond = steps / seconds;
  const ratio = stepsPerSecond / baseline.jobsPerSecond;
  // With one email per contact, SMTP alone bounds contacts/s at (c)'s rate.
  const ceilingSteps = (steps / CONTACTS) * ceiling.emailsPerSecond;
  // ...and by CPU: both cores doing nothing but compose, send and receive email.
  const cpuBoundEmails = (availableParallelism() * 1000) / (ceiling.senderCpuMs + ceiling.receiverCpuMs);
  const cpuBoundSteps = (steps / CONTACTS) * cpuBoundEmails;
  console.log(
    `(b) ${CONTACTS} contacts in ${seconds.toFixed(2)} s: ${fmt(stepsPerSecond)} steps/s, ${fmt(CONTACTS / seconds)} contacts/s; ` +
      `ratio steps/s ÷ no-op jobs/s = ${ratio.toFixed(2)}× (goal ≥ 1.5×); emails ${emails.unique} unique, ${emails.duplicates} duplicates`,
  );
  console.log(
    `    SMTP alone bounds steps/s at ${fmt(ceilingSteps)} (${(ceilingSteps / baseline.jobsPerSecond).toFixed(2)}× no-op) at (c)'s rate, ` +
      `${fmt(cpuBoundSteps)} (${(cpuBoundSteps / baseline.jobsPerSecond).toFixed(2)}×) with every core on it`,
  );
  await writeSection(
    DOCS.benchmarks,
    'runtime-throughput',
    `## Runtime: journey throughput

\`pnpm --filter @crossroads/runtime bench\` (\`apps/runtime/bench/throughput.bench.ts\`). Machine: ${machine};
load average at the end ${loadLine()}. A dedicated embedded PostgreSQL with default durability
(fsync on, synchronous_commit on, full_page_writes on; shared_buffers 256MB). The runtime runs as
\`runtime all\` (API + worker pool, WORKER_CONCURRENCY=${ENGINE_CONCURRENCY}) in a child process, email goes over
SMTP to a loopback smtp-server; the load generator posts the trigger events in batches of ${BATCH}.

| figure | value |
| --- | ---: |
| (a) Graphile Worker no-op jobs, engine's settings (concurrency ${ENGINE_CONCURRENCY}, local queue ${ENGINE_CONCURRENCY}, batched completes): ${fmt(NOOP_JOBS)} queued with \`addJobs\`, time to drain | ${fmt(baseline.jobsPerSecond)} jobs/s |
| (b) ${fmt(CONTACTS)} contacts through trigger → gate → send → wait (PT1S) → handoff, wall time (events posted in ${((ingested - started) / 1000).toFixed(1)} s) | ${seconds.toFixed(1)} s |
| journey steps (trace rows) | ${fmt(steps)} (${(steps / CONTACTS).toFixed(1)} per contact) |
| jobs run (runtime /metrics: ${times.map((t) => `${t.task} ${fmt(t.count)}`).join(', ') || 'not exported'}) | ${fmt(jobsRun)} |
| **steps/s** | **${fmt(stepsPerSecond)}** |
| contacts/s to completion | ${fmt(CONTACTS / seconds)} |
| **ratio steps/s ÷ no-op jobs/s (goal ≥ 1.5×)** | **${ratio.toFixed(2)}×** |
| journey jobs/s (a job walks up to ${ADVANCE_BATCH} enrollments and delivers what they wrote) | ${fmt(jobsRun / seconds)} = ${(jobsRun / seconds / baseline.jobsPerSecond).toPrecision(2)}× no-op jobs/s |
| emails received (unique Message-IDs / duplicates) | ${fmt(emails.unique)} / ${emails.duplicates} |
| (c) SMTP alone: ${fmt(CEILING_EMAILS)} emails like (b)'s composed and sent by the runtime's channel code (\`composeEmail\` → \`deliver\` over an \`SmtpPool\`, ${ENGINE_CONCURRENCY} at a time) in a child process to the same kind of receiver, no database, no queue | ${fmt(ceiling.emailsPerSecond)} emails/s (CPU per email: sender ${ceiling.senderCpuMs.toFixed(2)} ms, receiver ${ceiling.receiverCpuMs.toFixed(2)} ms) |
| steps/s if each contact took no more than its email's SMTP cost in (c) (${(steps / CONTACTS).toFixed(1)} steps × (c)) | ${fmt(ceilingSteps)} = ${(ceilingSteps / baseline.jobsPerSecond).toFixed(2)}× no-op jobs/s |
| steps/s if all ${availableParallelism()} cores did nothing but (c)'s work (${availableParallelism()} × 1,000 ms ÷ ${(ceiling.senderCpuMs + ceiling.receiverCpuMs).toFixed(2)} ms per email = ${fmt(cpuBoundEmails)} emails/s) | ${fmt(cpuBoundSteps)} = ${(cpuBoundSteps / baseline.jobsPerSecond).toFixed(2)}× no-op jobs/s |
| contacts/s ÷ emails/s of (c) | ${(CONTACTS / seconds / ceiling.emailsPerSecond).toFixed(2)}× |
| Postgres bytes per contact of (b) (every table's size with indexes and TOAST, after − before, ÷ contacts) | ${fmt(fiveStepBytes.total)} (${bytesLine(fiveStepBytes)}) |

Issue 19's email journeys, after (b) in the same runtime and database, ${fmt(CONTACTS)} contacts of their own each
(goal: trigger → gate → send ≥ 0.8× (c), the pricing-page example ≥ 0.6×):

| journey | contacts/s | ÷ (c) | CPU ms per contact: runtime / Postgres / load generator | (c)'s CPU per email ÷ this CPU per contact | statements per contact | Postgres bytes per contact |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${emailRuns
  .map(
    ([label, r]) =>
      `| ${label} | ${fmt(r.contactsPerSecond)} | **${(r.contactsPerSecond / ceiling.emailsPerSecond).toFixed(2)}×** | ` +
      `${cpuMs(r.evidence.cpu.runtime)} / ${cpuMs(r.evidence.cpu.postgres)} / ${cpuMs(r.evidence.cpu.bench)} | ` +
      // On a shared machine wall-time rates swing with the other tenants; CPU per unit much less.
      `${((ceiling.senderCpuMs + ceiling.receiverCpuMs) / Number(cpuMs(r.evidence.cpu.runtime + r.evidence.cpu.postgres + r.evidence.cpu.bench))).toFixed(2)}× | ` +
      `${(r.evidence.statementCalls / CONTACTS).toFixed(1)} | ${fmt(r.bytes.total)} (${bytesLine(r.bytes)}) |`,
  )
  .join('\n')}

What limits it (measured during (b); the CPU profile covers the runtime's whole life, (b), (d) and (e)):

${evidenceMarkdown(withCpu, { count: CONTACTS, label: 'contact' }, { times, concurrency: ENGINE_CONCURRENCY })}

Top statements of (d), trigger → gate → send:

${evidenceMarkdown(emailRuns[0]![1].evidence, { count: CONTACTS, label: 'contact' })
  .split('\n')
  .filter((line) => line.startsWith('|'))
  .join('\n')}
`,
  );

  const comparison = await runComparison({
    cluster,
    sql,
    smtp,
    noopJobs: NOOP_JOBS,
    engineContacts: ENGINE_CONTACTS,
    batchedContacts: COMPARE_CONTACTS,
    singleContacts: SINGLE_CONTACTS,
    inFlight: IN_FLIGHT,
  });
  if (process.env.BENCH_JSON) console.log(JSON.stringify(comparison));
  await writeSection(
    DOCS.benchmarks,
    'runtime-throughput-comparison',
    `## Runtime: the engine alone, and against a hand-rolled service

Run by \`throughput.bench.ts\` after "journey throughput" (\`harness/comparison.ts\`; same database
and SMTP receiver). Machine: ${machine}; load average at the end ${loadLine()}. **The engine alone**: trigger → gate
→ sales handoff with no CRM webhook (the ledger only), ${fmt(ENGINE_CONTACTS)} contacts posted in
batches of 1,000, in contacts/s against Graphile Worker no-op jobs run with its documented best
throughput settings (worker.graphile.org/docs/performance: \`concurrentJobs\` 24, \`maxPoolSize\` 25,
\`localQueue.size\` 500, \`completeJobBatchDelay\` 0, \`failJobBatchDelay\` 0; prepared statements on,
database time, i.e. \`useNodeTime\` false, the defaults; one process, as the runtime here; the
project's perf test runs four). **The hand-rolled service** (\`harness/handRolledService.ts\`): one
process whose endpoint stores each event and adds a Graphile Worker job in the same transaction,
whose job reads the contact, applies the gate, sends with pooled nodemailer and marks the event sent
(no ledger, trace, tracking or unsubscribe link; the engine's pool settings). Crossroads runs
trigger → gate → send (\`runtime all\`, one process) with ledger, trace and tracking. Runs go
Crossroads, hand-rolled, Crossroads, hand-rolled so that a change of load touches both; one event
per POST runs ${IN_FLIGHT} requests in flight. CPU counts the process under test and Postgres.

${comparisonMarkdown(comparison)}
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await smtp.close();
  await cluster.stop();
  if (process.env.BENCH_KEEP_PROFILE) console.log(`CPU profile kept in ${profileDir}`);
  else await rm(profileDir, { recursive: true, force: true });
}

function cpuMs(seconds: number): string {
  return ((seconds * 1000) / CONTACTS).toFixed(2);
}

function bytesLine(b: { tables: Array<{ table: string; bytes: number }> }): string {
  return b.tables
    .slice(0, 5)
    .map((t) => `${t.table} ${fmt(t.bytes)}`)
    .join(', ');
}
