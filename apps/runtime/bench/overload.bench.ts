// Admission control under overload (issue 18): `POST /v1/events` at 4× the rate the API sustains.
// Accepted requests must keep p99 ≤ 250 ms, the others get 503 in ≤ 50 ms, and nothing accepted is
// lost (docs/benchmarks.md, "Runtime: overload"). `pnpm --filter @crossroads/runtime bench`.
import { startBenchCluster } from './harness/cluster.js';
import { summariseCpuProfile } from './harness/cpuProfile.js';
import { httpLoad, postBytes } from './harness/httpLoad.js';
import { benchWorkspace, publishJourney, sendJourney } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, table, writeSection } from './harness/report.js';
import { BENCH_ADMIN_KEY, killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { fmt, percentile, sleep } from './harness/stats.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** Clients posting back to back to find the rate the API sustains. */
const CLOSED_LOOP_CLIENTS = 16;
const OVERLOAD = 4;

interface Answer {
  id: string;
  status: number | 'network';
  ms: number;
}

let load: ReturnType<typeof httpLoad> | undefined;
let seq = 0;

/** One event, one request: its id, status and latency (a network error is `network`). */
async function postEvent(base: URL, run: string): Promise<Answer> {
  const id = `${run}-${seq++}`;
  const body = JSON.stringify({
    id,
    contactId: `k${seq % 5000}`,
    type: 'bench.start',
    properties: { n: seq },
  });
  const bytes = postBytes(base.host, '/v1/events', { authorization: `Bearer ${BENCH_ADMIN_KEY}` }, body);
  return { id, ...(await load!.send(bytes)) };
}

/** Clients posting back to back for `seconds`: the rate the API sustains, and its latencies. */
async function closedLoop(base: URL, seconds: number): Promise<{ rate: number; answers: Answer[] }> {
  const answers: Answer[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLOSED_LOOP_CLIENTS }, async () => {
      while (performance.now() < until) answers.push(await postEvent(base, 'closed'));
    }),
  );
  const accepted = answers.filter((a) => a.status === 202).length;
  return { rate: accepted / seconds, answers };
}

/** Requests started at `rate` per second for `seconds`, whatever the answers: an open loop. */
async function openLoop(base: URL, run: string, rate: number, seconds: number): Promise<Answer[]> {
  const pending: Promise<Answer>[] = [];
  const started = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(postEvent(base, run));
  }
  return Promise.all(pending);
}

/** " (network 3, 500 2)": what the answers that were neither 202 nor 503 were. */
function otherStatuses(other: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of other) counts.set(String(a.status), (counts.get(String(a.status)) ?? 0) + 1);
  return counts.size === 0 ? '' : ` (${[...counts].map(([status, n]) => `${status} ${n}`).join(', ')})`;
}

const summary = (answers: Answer[], seconds: number) => {
  const accepted = answers.filter((a) => a.status === 202);
  const shed = answers.filter((a) => a.status === 503);
  const other = answers.filter((a) => a.status !== 202 && a.status !== 503);
  return {
    offered: answers.length / seconds,
    acceptedRate: accepted.length / seconds,
    accepted,
    shed,
    other,
    acceptedP50: percentile(
      accepted.map((a) => a.ms),
      50,
    ),
    acceptedP99: percentile(
      accepted.map((a) => a.ms),
      99,
    ),
    shedP50: percentile(
      shed.map((a) => a.ms),
      50,
    ),
    shedP99: percentile(
      shed.map((a) => a.ms),
      99,
    ),
    shedMax: shed.length ? Math.max(...shed.map((a) => a.ms)) : Number.NaN,
  };
};

const cluster = await startBenchCluster();
const sql = cluster.pool(4);
try {
  const machine = machineLine(cluster.version);
  console.log(`overload: ${machine}`);
  const limits = { MAX_IN_FLIGHT: process.env.MAX_IN_FLIGHT ?? '48' };
  const cpuProfileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const runtime = await spawnRuntime({ mode: 'api', databaseUrl: cluster.url, env: limits, cpuProfileDir });
  // An active journey these events start: ingest looks it up and enrols (no worker runs the walks).
  await publishJourney(runtime.url, sendJourney('bench.start'));
  await benchWorkspace(sql);
  const base = new URL(runtime.url);
  load = httpLoad(base.hostname, Number(base.port));
  await closedLoop(base, 3); // warm-up: JIT, connections, the API key cache
  const sustained = await closedLoop(base, SECONDS);
  const closed = summary(sustained.answers, SECONDS);
  console.log(
    `closed loop (${CLOSED_LOOP_CLIENTS} clients): ${fmt(sustained.rate)} events/s, p50 ${fmt(closed.acceptedP50, 1)} ms, p99 ${fmt(closed.acceptedP99, 1)} ms, 503: ${closed.shed.length}`,
  );
  await sleep(2000);
  const rate = OVERLOAD * sustained.rate;
  const generatorBefore = process.cpuUsage();
  const overload = summary(await openLoop(base, 'over', rate, SECONDS), SECONDS);
  const generatorCpu = process.cpuUsage(generatorBefore);
  const generatorUs = (generatorCpu.user + generatorCpu.system) / (overload.offered * SECONDS);
  const ids = overload.accepted.map((a) => a.id);
  const [stored] = await sql<{ n: number }[]>`select count(*)::int as n from events where id = any(${ids})`;
  const lost = ids.length - stored!.n;
  console.log(
    `open loop at ${fmt(rate)}/s: accepted ${fmt(overload.acceptedRate)}/s p50 ${fmt(overload.acceptedP50, 1)} ms p99 ${fmt(overload.acceptedP99, 1)} ms; ` +
      `503 ${overload.shed.length} p99 ${fmt(overload.shedP99, 1)} ms max ${fmt(overload.shedMax, 1)} ms; other ${overload.other.length}${otherStatuses(overload.other)}; lost ${lost}`,
  );
  load?.close();
  await runtime.stop();
  if (cpuProfileDir) {
    const profile = await summariseCpuProfile(cpuProfileDir);
    console.log(`API CPU profile: busy ${fmt(profile.busyMs)} ms, idle ${fmt(profile.idleMs)} ms`);
    for (const b of profile.buckets) console.log(`  ${b.name} ${fmt(b.share * 100)} %`);
    for (const f of profile.top.slice(0, 15)) console.log(`  ${f.fn} ${fmt(f.share * 100, 1)} %`);
  }

  // The same offered load without admission control, for comparison (shorter: it queues without bound).
  await sleep(2000);
  const unbounded = await spawnRuntime({
    mode: 'api',
    databaseUrl: cluster.url,
    env: { MAX_IN_FLIGHT: '10000', MAX_IN_FLIGHT_PER_WORKSPACE: '10000', ADMISSION_LAG_MS: '0' },
  });
  const unboundedSeconds = Math.min(5, SECONDS);
  const unboundedUrl = new URL(unbounded.url);
  load = httpLoad(unboundedUrl.hostname, Number(unboundedUrl.port));
  const without = summary(
    await openLoop(unboundedUrl, 'unbounded', rate, unboundedSeconds),
    unboundedSeconds,
  );
  console.log(
    `without admission control: accepted p50 ${fmt(without.acceptedP50, 1)} ms p99 ${fmt(without.acceptedP99, 1)} ms; other ${without.other.length}`,
  );
  await unbounded.stop();

  const goals = [
    ['accepted p99 ≤ 250 ms', overload.acceptedP99 <= 250],
    ['503 p99 ≤ 50 ms', !(overload.shedP99 > 50)],
    ['nothing accepted lost', lost === 0],
    ['every request answered 202 or 503', overload.other.length === 0],
  ] as const;
  const ms = (n: number) => (Number.isNaN(n) ? '–' : fmt(n, 1));
  await writeSection(
    DOCS.benchmarks,
    'runtime-overload',
    [
      '## Runtime: overload and admission control',
      '',
      `Machine: ${machine}; load average at the end ${loadLine()}. One \`runtime api\` process (MAX_IN_FLIGHT ${limits.MAX_IN_FLIGHT}, lowered while its event loop runs more than 20 ms late; per workspace 32), one event per \`POST /v1/events\`, each starting the journey (enrolment written; no worker). The load generator (harness/httpLoad.ts: keep-alive sockets, prebuilt requests; node:http's client ran out of CPU at these rates and its own queue read as seconds of latency) spent ${fmt(generatorUs)} µs of CPU per request. The sustainable rate is what ${CLOSED_LOOP_CLIENTS} clients posting back to back got accepted over ${SECONDS} s; then requests are started at ${OVERLOAD}× that rate for ${SECONDS} s whatever the answers (open loop), and every accepted event id is looked up in \`events\`.`,
      '',
      table(
        [
          'run',
          'offered /s',
          'accepted /s',
          'accepted p50 / p99 ms',
          '503',
          '503 p50 / p99 / max ms',
          'other',
        ],
        [
          [
            'closed loop (sustainable)',
            '–',
            fmt(sustained.rate),
            `${ms(closed.acceptedP50)} / ${ms(closed.acceptedP99)}`,
            closed.shed.length,
            `${ms(closed.shedP50)} / ${ms(closed.shedP99)} / ${ms(closed.shedMax)}`,
            closed.other.length,
          ],
          [
            `${OVERLOAD}× open loop`,
            fmt(overload.offered),
            fmt(overload.acceptedRate),
            `${ms(overload.acceptedP50)} / ${ms(overload.acceptedP99)}`,
            overload.shed.length,
            `${ms(overload.shedP50)} / ${ms(overload.shedP99)} / ${ms(overload.shedMax)}`,
            `${overload.other.length}${otherStatuses(overload.other)}`,
          ],
          [
            `${OVERLOAD}× without admission control (${unboundedSeconds} s)`,
            fmt(without.offered),
            fmt(without.acceptedRate),
            `${ms(without.acceptedP50)} / ${ms(without.acceptedP99)}`,
            without.shed.length,
            '–',
            without.other.length,
          ],
        ],
      ),
      '',
      `Accepted events looked up afterwards: ${fmt(ids.length)} accepted, ${fmt(lost)} missing. Goals: ${goals.map(([goal, ok]) => `${goal} ${ok ? '✓' : '✗'}`).join('; ')}.`,
    ].join('\n'),
  );
} finally {
  load?.close();
  await killAllRuntimes();
  await sql.end({ timeout: 1 }).catch(() => {});
  await cluster.stop();
}
