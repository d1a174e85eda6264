// Latency from an event's POST to its email arriving at the SMTP server, at a steady 100 events/s
// (docs/benchmarks.md, "Runtime: event → email latency"). `pnpm --filter @crossroads/runtime bench`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchCluster } from './harness/cluster.js';
import { evidenceMarkdown, startEvidence, withProfile } from './harness/evidence.js';
import { jobTimes } from './harness/jobMetrics.js';
import {
  api,
  benchWorkspace,
  contactEmail,
  insertContacts,
  publishJourney,
  sendJourney,
} from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, writeSection } from './harness/report.js';
import { killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { startSmtpReceiver } from './harness/smtpReceiver.js';
import { fmt, percentile, sleep, until } from './harness/stats.js';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = 2;

const cluster = await startBenchCluster();
const sql = cluster.pool(4);
const smtp = await startSmtpReceiver();
const profileDir = await mkdtemp(join(tmpdir(), 'crossroads-bench-prof-'));
try {
  const machine = machineLine(cluster.version);
  console.log(`latency: ${machine}`);
  const runtime = await spawnRuntime({
    mode: 'all',
    databaseUrl: cluster.url,
    env: { SMTP_URL: smtp.url },
    cpuProfileDir: profileDir,
  });
  await publishJourney(runtime.url, sendJourney());
  const total = RATE * (SECONDS + WARMUP);
  await insertContacts(sql, await benchWorkspace(sql), 'l', total);

  // Open loop: event i is posted at its scheduled time whether or not earlier ones answered.
  const sentAt: number[] = [];
  const acceptedAt: number[] = [];
  const failures: string[] = [];
  const posts: Promise<void>[] = [];
  let evidence: Awaited<ReturnType<typeof startEvidence>> | undefined;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (i === RATE * WARMUP) evidence = await startEvidence(sql, runtime.pid, await cluster.pid());
    sentAt[i] = performance.now();
    posts.push(
      api(runtime.url, 'POST', '/v1/events', { contactId: `l${i}`, type: 'bench.ping' }).then(
        () => {
          acceptedAt[i] = performance.now();
        },
        (error: Error) => {
          failures.push(error.message);
        },
      ),
    );
  }
  const offeredSeconds = (performance.now() - started) / 1000;
  await Promise.all(posts);
  await until('every email received', async () => smtp.counts().unique >= total, 120_000, 50);
  const collected = await evidence!.finish();
  const times = await jobTimes(runtime.url);
  await runtime.stop();
  const withCpu = await withProfile(collected, profileDir);

  const measured = Array.from({ length: total - RATE * WARMUP }, (_, k) => k + RATE * WARMUP);
  const endToEnd = measured.map((i) => smtp.firstAt.get(contactEmail('l', i))! - sentAt[i]!);
  const afterAccept = measured.map((i) => smtp.firstAt.get(contactEmail('l', i))! - acceptedAt[i]!);
  const accept = measured.map((i) => acceptedAt[i]! - sentAt[i]!);
  // A POST that failed (client timeout under overload) has no accepted time: left out, and counted below.
  const row = (name: string, all: number[]) => {
    const xs = all.filter(Number.isFinite);
    return [
      name,
      percentile(xs, 50).toFixed(1),
      percentile(xs, 95).toFixed(1),
      percentile(xs, 99).toFixed(1),
      Math.max(...xs).toFixed(1),
    ];
  };
  const p50 = percentile(endToEnd, 50);
  const p99 = percentile(endToEnd, 99);
  console.log(
    `(c) ${measured.length} events at ${RATE}/s (offered over ${offeredSeconds.toFixed(1)} s): POST → SMTP p50 ${p50.toFixed(1)} ms, ` +
      `p95 ${percentile(endToEnd, 95).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (goal p50 ≤ 20, p99 ≤ 100); failures ${failures.length}`,
  );
  await writeSection(
    DOCS.benchmarks,
    'runtime-latency',
    `## Runtime: event → email latency

\`apps/runtime/bench/latency.bench.ts\`. Machine: ${machine}; load average at the end ${loadLine()}.
Same cluster settings as the throughput bench (durable). \`runtime all\` in a child process with
WORKER_CONCURRENCY=10; journey trigger → send; every event is a separate \`POST /v1/events\` for a
new contact, posted open-loop at a steady ${RATE}/s for ${SECONDS} s after a ${WARMUP} s warm-up (not counted).
Times are taken in the bench process: the POST leaving, its 202 arriving, and the loopback SMTP
server having received and parsed the message (the moment the email was handed over). Path:
ingest transaction (event, enrollment, \`advance\` job) → \`advance\` job: the walk's transaction
(trace, ledger row), then in the same job the delivery (render, claim, SMTP, mark sent).

| ms (${fmt(measured.length)} events) | p50 | p95 | p99 | max |
| --- | ---: | ---: | ---: | ---: |
| ${row('**POST sent → email at SMTP server** (goal p50 ≤ 20, p99 ≤ 100)', endToEnd).join(' | ')} |
| ${row('POST sent → 202 received (ingest)', accept).join(' | ')} |
| ${row('202 received → email at SMTP server (jobs)', afterAccept).join(' | ')} |

Baseline in the same run: the ingest part is the HTTP round trip of a one-row transaction
(above); ratio of the job part to the whole at p50: ${(percentile(afterAccept, 50) / p50).toFixed(2)}.
Failed POSTs: ${failures.length}${failures.length > 0 ? ` (${[...new Set(failures)].slice(0, 3).join('; ')})` : ''}. Emails: ${smtp.counts().unique} unique, ${smtp.counts().duplicates} duplicates.

What limits it (measured during the ${SECONDS} s):

${evidenceMarkdown(withCpu, { count: measured.length, label: 'event' }, { times, concurrency: 10 })}
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
