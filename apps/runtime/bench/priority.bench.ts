// Enrolment throughput (contacts/s) with a rollout, a control group and an exclusive group of 5
// journeys, against the same load without them, in the same run (issue 15; docs/benchmarks.md,
// "Runtime: enrolment with rollout, control and priority"). `pnpm --filter @crossroads/runtime bench`.
import { startBenchCluster } from './harness/cluster.js';
import { api, benchWorkspace } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, table, writeSection } from './harness/report.js';
import { BENCH_ADMIN_KEY, killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { fmt } from './harness/stats.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 20_000);
/** Runs of each side, alternating which goes first (the machine is shared); even, for fairness. */
const RUNS = Number(process.env.BENCH_RUNS ?? 6);
const BATCH = 500;
const CLIENTS = 4;
const JOURNEYS = 5;
const EVENT = 'bench.qualified';
const GROUP = 'Bench lifecycle';

/** trigger → a 30-day wait: every enrolment parks (no worker runs: this measures enrolment). */
function journey(name: string, note = '') {
  const at = { x: 0, y: 0 };
  return {
    schemaVersion: 1,
    id: 'bench-enrol',
    name,
    ...(note && { description: note }),
    nodes: [
      { id: 'trigger', type: 'trigger', version: 1, position: at, config: { on: 'event', event: EVENT } },
      { id: 'hold', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'P30D' } },
    ],
    edges: [{ id: 'e', source: 'trigger', sourceHandle: 'next', target: 'hold' }],
    settings: { reentry: 'once' },
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  return Number.isInteger(mid) ? (s[mid - 1]! + s[mid]!) / 2 : s[Math.floor(mid)]!;
};

const cluster = await startBenchCluster();
const sql = cluster.pool(4);
try {
  const machine = machineLine(cluster.version);
  console.log(`priority: ${machine}`);
  const runtime = await spawnRuntime({ mode: 'api', databaseUrl: cluster.url });
  const call = <T>(key: string, method: string, path: string, body?: unknown) =>
    api<T>(runtime.url, method, path, body, [200, 201, 202], key);

  // Plain: the bootstrapped workspace, five live journeys on the same event, nothing else.
  const plainWorkspace = await benchWorkspace(sql);
  for (let j = 1; j <= JOURNEYS; j++) {
    const { id } = await call<{ id: string }>(BENCH_ADMIN_KEY, 'POST', '/v1/workflows', {
      graph: journey(`Plain ${j}`),
    });
    await call(BENCH_ADMIN_KEY, 'POST', `/v1/workflows/${id}/versions`, { message: 'v1', activate: true });
  }
  // Featured: a workspace of its own with the same five journeys in one exclusive group
  // (priorities 1–5, the first pre-empts), the first rolled out to v2 for 50%, and every journey
  // holding out 10% as its control group.
  const created = await call<{ id: string; adminKey: string }>(BENCH_ADMIN_KEY, 'POST', '/v1/workspaces', {
    name: 'Bench: priority',
  });
  const key = created.adminKey;
  for (let j = 1; j <= JOURNEYS; j++) {
    const { id } = await call<{ id: string }>(key, 'POST', '/v1/workflows', {
      graph: journey(`Featured ${j}`),
    });
    await call(key, 'POST', `/v1/workflows/${id}/versions`, { message: 'v1', activate: true });
    await call(key, 'PUT', `/v1/workflows/${id}/priority`, {
      priority: j,
      group: GROUP,
      preempt: j === 1,
      reason: 'bench',
    });
    await call(key, 'PUT', `/v1/workflows/${id}/control-group`, { percent: 10, reason: 'bench' });
    if (j === 1) {
      await call(key, 'PUT', `/v1/workflows/${id}/draft`, { graph: journey('Featured 1', 'v2') });
      const { version } = await call<{ version: number }>(key, 'POST', `/v1/workflows/${id}/versions`, {
        message: 'v2',
      });
      await call(key, 'PUT', `/v1/workflows/${id}/rollout`, { version, percent: 50, reason: 'bench' });
    }
  }

  const batches = Math.ceil(CONTACTS / BATCH);
  /** Posts one event per new contact, CLIENTS batches in flight; returns seconds. */
  const load = async (apiKey: string, run: string) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let b = next++; b < batches; b = next++) {
          const batch = Array.from({ length: Math.min(BATCH, CONTACTS - b * BATCH) }, (_, k) => ({
            id: `${run}-${b * BATCH + k}`,
            contactId: `${run}-c${b * BATCH + k}`,
            type: EVENT,
            properties: {},
          }));
          await call(apiKey, 'POST', '/v1/events', { batch });
        }
      }),
    );
    return (performance.now() - started) / 1000;
  };
  const settle = async () => {
    await sql`vacuum analyze enrollments, events, contacts, journey_steps`;
    await sql`checkpoint`;
  };
  // Warm-up of both sides (JIT, caches, connections), not counted.
  await load(BENCH_ADMIN_KEY, 'warm-p');
  await load(key, 'warm-f');

  const plain: number[] = [];
  const featured: number[] = [];
  for (let r = 1; r <= RUNS; r++) {
    const sides: Array<[number[], string, string]> = [
      [plain, BENCH_ADMIN_KEY, `p${r}`],
      [featured, key, `f${r}`],
    ];
    if (r % 2 === 0) sides.reverse();
    for (const [into, apiKey, run] of sides) {
      await settle();
      into.push(await load(apiKey, run));
    }
    // Every contact enrolled: five times without a group, once with it (the others record who won).
    const [p] = await sql<{ n: number }[]>`
      select count(*)::int as n from enrollments where workspace_id = ${plainWorkspace} and contact_id like ${`p${r}-%`}`;
    const [f] = await sql<{ n: number; contacts: number; control: number; rolled: number }[]>`
      select count(*)::int as n, count(distinct contact_id)::int as contacts,
             count(*) filter (where cohort = 'control')::int as control,
             count(*) filter (where version = 2)::int as rolled
      from enrollments where workspace_id = ${created.id} and contact_id like ${`f${r}-%`}`;
    if (p?.n !== CONTACTS * JOURNEYS) throw new Error(`run ${r}: plain made ${p?.n} enrollments`);
    if (f?.n !== CONTACTS || f.contacts !== CONTACTS) throw new Error(`run ${r}: featured made ${f?.n}`);
    console.log(
      `run ${r}: plain ${fmt(CONTACTS / plain.at(-1)!)} contacts/s, featured ${fmt(CONTACTS / featured.at(-1)!)} contacts/s ` +
        `(${f.control} control, ${f.rolled} on the rollout): ${(plain.at(-1)! / featured.at(-1)!).toFixed(2)}×`,
    );
  }
  await runtime.stop();

  const pairs = plain.map((p, i) => p / featured[i]!);
  const ratio = median(pairs);
  const plainRate = CONTACTS / median(plain);
  const featuredRate = CONTACTS / median(featured);
  const runs = pairs.map((x) => x.toFixed(2)).join(', ');
  console.log(
    `priority: featured ${fmt(featuredRate)} contacts/s vs plain ${fmt(plainRate)} contacts/s: ${ratio.toFixed(2)}× (goal ≥ 0.9×; runs ${runs})`,
  );
  await writeSection(
    DOCS.benchmarks,
    'runtime-priority',
    `## Runtime: enrolment with rollout, control and priority

\`apps/runtime/bench/priority.bench.ts\`. Machine: ${machine}; load average at the end ${loadLine()}.
Same durable cluster settings. One \`runtime api\` process (no worker: this measures enrolment, which
happens at ingest). Two workspaces, each with ${JOURNEYS} live journeys that start on the same event
(trigger → 30-day wait, re-entry once). **Plain**: nothing else, so each contact is enrolled in all
${JOURNEYS}. **Featured**: the ${JOURNEYS} journeys form one exclusive group (priorities 1–${JOURNEYS}, the first
pre-empts), the first has v2 rolled out to 50% of new enrolments, and every journey holds out 10% as
its control group: each contact is enrolled once (in the first journey, on its rollout side, treated
or control) and the other four write a "not enrolled" trace line naming it. Each run posts
${fmt(CONTACTS)} events of ${fmt(CONTACTS)} new contacts in batches of ${BATCH}, ${CLIENTS} clients in
parallel; ${RUNS} runs of each side, alternating which goes first, each from a settled database
(\`vacuum analyze\`, checkpoint), after one warm-up run of each that is not counted. The ratio is the
median of each run's own ratio.

${table(
  ['figure', 'value'],
  [
    ['plain (5 journeys, no group, rollout or control)', `${fmt(plainRate)} contacts/s`],
    ['featured (exclusive group of 5, rollout 50%, control 10%)', `${fmt(featuredRate)} contacts/s`],
    ['**ratio featured ÷ plain (goal ≥ 0.9×)**', `**${ratio.toFixed(2)}×** (runs: ${runs})`],
  ],
)}
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await cluster.stop();
}
