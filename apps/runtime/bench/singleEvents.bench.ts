// One event per POST against batches of 1,000, in the same run against the same runtime, and the
// latency knee of single events (docs/benchmarks.md, "Runtime: single events"). Issue 19.
// `pnpm --filter @crossroads/runtime bench`; alone: `npx tsx bench/singleEvents.bench.ts`.
import { startBenchCluster } from './harness/cluster.js';
import { type Evidence, evidenceMarkdown, startEvidence } from './harness/evidence.js';
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

const EVENTS = Number(process.env.BENCH_EVENTS ?? 4000);
const IN_FLIGHT = 32;
const BATCH = 1000;
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 6);
// Open-loop rates tried in turn until p99 POST → email passes KNEE_MS (×1.4 apart).
const RATES = [5, 7, 10, 14, 20, 28, 40, 56, 80, 110, 160, 220, 320, 450, 640, 900, 1250];
const KNEE_MS = 250;
// A p99 needs samples: a step lasts STEP_SECONDS or until this many events were posted.
const STEP_EVENTS = 150;
// BENCH_BEFORE=1: the run on the code before group commit, kept in a section of its own.
const SECTION = process.env.BENCH_BEFORE ? 'runtime-single-events-before' : 'runtime-single-events';

const cluster = await startBenchCluster();
const sql = cluster.pool(4);
const smtp = await startSmtpReceiver();
try {
  const machine = machineLine(cluster.version);
  console.log(`single events: ${machine}`);
  const runtime = await spawnRuntime({ mode: 'all', databaseUrl: cluster.url, env: { SMTP_URL: smtp.url } });
  await publishJourney(runtime.url, sendJourney());
  const workspace = await benchWorkspace(sql);
  const received = () => smtp.counts().unique;

  /** Posts through `post`, waits for every email; contacts/s from the first POST to the last email. */
  const phase = async (prefix: string, post: (events: object[]) => Promise<void>) => {
    await insertContacts(sql, workspace, prefix, EVENTS);
    const before = received();
    const evidence = await startEvidence(sql, runtime.pid, await cluster.pid());
    const started = performance.now();
    await post(
      Array.from({ length: EVENTS }, (_, i) => ({ contactId: `${prefix}${i}`, type: 'bench.ping' })),
    );
    await until('every email received', async () => received() - before >= EVENTS, 15 * 60_000, 50);
    const seconds = (performance.now() - started) / 1000;
    return { rate: EVENTS / seconds, seconds, evidence: await evidence.finish() };
  };
  const batched = await phase('b', async (events) => {
    for (let from = 0; from < events.length; from += BATCH)
      await api(runtime.url, 'POST', '/v1/events', { batch: events.slice(from, from + BATCH) });
  });
  console.log(`(1) batches of ${BATCH}: ${fmt(batched.rate)} contacts/s`);
  const single = await phase('s', async (events) => {
    let next = 0;
    const lane = async () => {
      while (next < events.length) await api(runtime.url, 'POST', '/v1/events', events[next++]);
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  });
  const commits = await groupCommits(runtime.url);
  const perEvent = (e: Evidence) => ({
    statements: e.statementCalls / EVENTS,
    runtimeMs: (e.cpu.runtime * 1000) / EVENTS,
    postgresMs: (e.cpu.postgres * 1000) / EVENTS,
  });
  const s = perEvent(single.evidence);
  const b = perEvent(batched.evidence);
  const ratio = single.rate / batched.rate;
  console.log(
    `(2) one per POST, ${IN_FLIGHT} in flight: ${fmt(single.rate)} contacts/s = ${ratio.toFixed(2)}× batched; ` +
      `${s.statements.toFixed(1)} statements, runtime ${s.runtimeMs.toFixed(2)} ms, Postgres ${s.postgresMs.toFixed(2)} ms per event; ` +
      `${fmt(commits.count)} shared commits of ${(commits.sum / Math.max(1, commits.count)).toFixed(1)} requests on average`,
  );

  /** Open loop at `rate` for `seconds`: every event for a new contact, posted at its time. */
  const step = async (rate: number, seconds: number) => {
    const prefix = `k${rate}_${Math.round(performance.now())}_`;
    const total = Math.max(
      Math.round(rate * seconds),
      seconds === STEP_SECONDS ? STEP_EVENTS : 2 * STEP_EVENTS,
    );
    await insertContacts(sql, workspace, prefix, total);
    const sentAt: number[] = [];
    const posts: Promise<unknown>[] = [];
    let failures = 0;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      sentAt[i] = performance.now();
      const body = { contactId: `${prefix}${i}`, type: 'bench.ping' };
      posts.push(api(runtime.url, 'POST', '/v1/events', body).catch(() => failures++));
    }
    await Promise.all(posts);
    const expected = total - failures;
    const arrived = () => sentAt.filter((_, i) => smtp.firstAt.has(contactEmail(prefix, i))).length;
    await until('the step’s emails', async () => arrived() >= expected, 180_000, 50).catch(() => undefined);
    const latencies = sentAt.map((at, i) => (smtp.firstAt.get(contactEmail(prefix, i)) ?? Number.NaN) - at);
    const done = latencies.filter(Number.isFinite);
    const p = (q: number) => percentile(done, q);
    // A lost or refused event counts as past the goal.
    const p99 = done.length < total ? Number.POSITIVE_INFINITY : p(99);
    const row = { rate, total, failures, p50: p(50), p95: p(95), p99 };
    console.log(
      `    ${rate}/s: p50 ${row.p50.toFixed(1)} p95 ${row.p95.toFixed(1)} p99 ${row.p99.toFixed(1)} ms, ${failures} failed`,
    );
    return row;
  };
  console.log('(3) latency knee (open loop):');
  const steps: Awaited<ReturnType<typeof step>>[] = [];
  let knee: number | undefined;
  for (const rate of RATES) {
    const row = await step(rate, STEP_SECONDS);
    steps.push(row);
    if (row.p99 > KNEE_MS) {
      knee = rate;
      break;
    }
    await sleep(1000);
  }
  const kneeRate = knee ?? RATES.at(-1)!;
  await sleep(2000);
  const half = await step(Math.round(kneeRate / 2), STEP_SECONDS * 2);
  console.log(
    `    knee ${knee ?? `> ${kneeRate}`}/s; at half (${half.rate}/s) p99 ${half.p99.toFixed(1)} ms`,
  );
  await runtime.stop();

  // Past the goal at the lowest rate tried: the knee is there or below (a busy machine).
  const kneeWords =
    knee === undefined
      ? `above ${kneeRate} events/s (not reached)`
      : knee === RATES[0]
        ? `${knee} events/s or below (the lowest rate tried was past it)`
        : `${knee} events/s`;
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
  const title = process.env.BENCH_BEFORE ? ' (before group commit)' : '';
  await writeSection(
    DOCS.benchmarks,
    SECTION,
    `## Runtime: single events${title}

\`apps/runtime/bench/singleEvents.bench.ts\`. Machine: ${machine}; load average at the end ${loadLine()}.
Same cluster settings as the throughput bench (durable). One \`runtime all\` (WORKER_CONCURRENCY=10)
serves all three parts in turn; journey trigger → send (reentry always); every event is for a
contact of its own, and a contact has reached the journey's end when its email is at the loopback
SMTP server. Statements are pg_stat_statements calls (all of them: ingest, walk, delivery), CPU is
the runtime process' and Postgres' (postmaster and backends) over each part.

| ${fmt(EVENTS)} events | contacts/s | ratio | statements per event | runtime CPU ms per event | Postgres CPU ms per event |
| --- | ---: | ---: | ---: | ---: | ---: |
| (1) batches of ${BATCH}, one POST after the other | ${fmt(batched.rate)} | 1.00 | ${b.statements.toFixed(1)} | ${b.runtimeMs.toFixed(2)} | ${b.postgresMs.toFixed(2)} |
| **(2) one event per POST, ${IN_FLIGHT} in flight** (goal ≥ 0.8×, ≤ 8 statements) | ${fmt(single.rate)} | **${ratio.toFixed(2)}** | **${s.statements.toFixed(1)}** | ${s.runtimeMs.toFixed(2)} | ${s.postgresMs.toFixed(2)} |

Ingest commits over (1) and (2) (\`crossroads_ingest_group_requests\`): ${fmt(commits.count)}, holding
${(commits.sum / Math.max(1, commits.count)).toFixed(1)} single-event requests on average (batches of 1,000 commit alone,
outside it).

(3) Latency knee: one event per POST, open loop (posted at its time whether or not earlier ones
answered), ${STEP_SECONDS} s per rate (at least ${STEP_EVENTS} events), rates ×1.4 apart until p99 POST sent → email at the SMTP
server passes ${KNEE_MS} ms (a failed POST or an email not arrived counts as past it).
**Knee: ${kneeWords}**; at half the knee
(${half.rate} events/s, ${fmt(half.total)} events) **p99 ${ms(half.p99)} ms** (goal ≤ 100 ms).

| events/s | events | failed POSTs | p50 ms | p95 ms | p99 ms |
| ---: | ---: | ---: | ---: | ---: | ---: |
${[...steps, { ...half, rate: `${half.rate} (half the knee)` }]
  .map((r) => `| ${r.rate} | ${fmt(r.total)} | ${r.failures} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} |`)
  .join('\n')}

What limits (2), one event per POST (measured over the part):

${evidenceMarkdown(single.evidence, { count: EVENTS, label: 'event' })}
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await smtp.close();
  await cluster.stop();
}

/** Shared ingest commits so far and the requests they held (the runtime's /metrics). */
async function groupCommits(baseUrl: string): Promise<{ count: number; sum: number }> {
  const text = await fetch(`${baseUrl}/metrics`).then((r) => (r.ok ? r.text() : ''));
  const read = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    count: read('crossroads_ingest_group_requests_count'),
    sum: read('crossroads_ingest_group_requests_sum'),
  };
}
