// Segments that change as time passes (issue 14): what re-checking them costs per 1,000,000
// contacts (docs/benchmarks.md, "Segments: time"). A journey starts on "last seen more than 30 days
// ago" over N contacts (BENCH_CLOCK_CONTACTS, 1,000,000 by default), spread over 60 days of
// last-seen dates. Measured in the same run: reading every contact once (the baseline: what a
// naive re-check of all contacts would at least cost), seeding every contact's clock, a sweep with
// nothing due (what the worker pays every ~3 s), and the sweep of one midnight (the contacts whose
// day count crosses its bound that day: about one in sixty).
import { daysAgo } from '@crossroads/graph-schema';
import { SEGMENT_ENTERED_EVENT } from '@crossroads/nodes';
import { sweepSegmentClocks } from '../src/ingest/segmentClockSweep.js';
import { seedSegmentClocks } from '../src/ingest/segmentClocks.js';
import { loadRegistry } from '../src/registry.js';
import { startBenchCluster } from './harness/cluster.js';
import { api, benchWorkspace, publishJourney } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, table, writeSection } from './harness/report.js';
import { killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { fmt } from './harness/stats.js';

const CONTACTS = Number(process.env.BENCH_CLOCK_CONTACTS ?? 1_000_000);

const cluster = await startBenchCluster();
const sql = cluster.pool(4);
const seconds = async <T>(run: () => Promise<T>): Promise<[number, T]> => {
  const started = performance.now();
  const value = await run();
  return [(performance.now() - started) / 1000, value];
};

try {
  const machine = machineLine(cluster.version);
  console.log(`segment clocks: ${machine}; N = ${fmt(CONTACTS)}`);
  const runtime = await spawnRuntime({ mode: 'api', databaseUrl: cluster.url });
  await api(runtime.url, 'POST', '/v1/segments', {
    name: 'dormant',
    rule: { '>': [daysAgo({ var: 'contact.last_seen_at' }), 30] },
  });
  const workflowId = await publishJourney(runtime.url, {
    schemaVersion: 1,
    id: 'win-back',
    name: 'Win back dormant users',
    settings: { reentry: 'once' },
    nodes: [
      {
        id: 'entered',
        type: 'trigger',
        version: 1,
        position: { x: 0, y: 0 },
        config: { on: 'segment', segment: 'dormant' },
      },
      {
        id: 'pause',
        type: 'wait',
        version: 1,
        position: { x: 0, y: 0 },
        config: { mode: 'duration', duration: 'P30D' },
      },
    ],
    edges: [{ id: 'a', source: 'entered', sourceHandle: 'next', target: 'pause' }],
  });
  await runtime.stop();
  const workspaceId = await benchWorkspace(sql);
  const today = Date.now();
  for (let from = 0; from < CONTACTS; from += 10_000) {
    const to = Math.min(CONTACTS, from + 10_000);
    // Last seen 0 to 59 days ago: a sixtieth of them crosses "more than 30 days" each midnight.
    await sql`
      insert into contacts (workspace_id, id, attributes)
      select ${workspaceId}, 'c' || i,
             jsonb_build_object('last_seen_at', to_char((${new Date(today).toISOString()}::timestamptz - (i % 60) * interval '1 day') at time zone 'UTC', 'YYYY-MM-DD'))
      from generate_series(${from}::int, ${to - 1}::int) as i`;
  }
  await sql`analyze contacts`;
  const registry = await loadRegistry();

  const [readAll] = await seconds(async () => {
    for (let after = ''; ; ) {
      const page = await sql<{ id: string }[]>`
        select id, attributes from contacts where workspace_id = ${workspaceId} and id > ${after} order by id limit 1000`;
      if (page.length === 0) return;
      after = page[page.length - 1]!.id;
    }
  });
  const [seed, seeded] = await seconds(() => seedSegmentClocks(sql, registry, workspaceId, workflowId, 1));
  await sql`analyze segment_clocks`;
  const [idle] = await seconds(async () => {
    for (let i = 0; i < 20; i++) await sweepSegmentClocks(sql, registry, () => new Date(today));
  });
  const [due] = await sql<{ n: number; at: Date }[]>`
    select count(*)::int as n, min(due_at) as at from segment_clocks where workflow_id = ${workflowId}
      and due_at = (select min(due_at) from segment_clocks where workflow_id = ${workflowId})`;
  const midnight = due!.at;
  let swept = { checked: 0, entered: 0, exited: 0 };
  const [night] = await seconds(async () => {
    for (;;) {
      const done = await sweepSegmentClocks(sql, registry, () => new Date(midnight.getTime() + 1000));
      swept = { checked: swept.checked + done.checked, entered: swept.entered + done.entered, exited: 0 };
      if (done.checked === 0) return;
    }
  });
  const [events] = await sql<{ n: number }[]>`
    select count(*)::int as n from events where workspace_id = ${workspaceId} and type = ${SEGMENT_ENTERED_EVENT}`;
  const perMillion = (s: number) => ((s * 1_000_000) / CONTACTS).toFixed(1);
  const rows = [
    ['read every contact once (baseline)', readAll.toFixed(2), perMillion(readAll), '1.00×'],
    [
      `seed the clocks (${fmt(seeded)} rows)`,
      seed.toFixed(2),
      perMillion(seed),
      `${(seed / readAll).toFixed(2)}×`,
    ],
    [
      'a sweep with nothing due (mean of 20)',
      (idle / 20).toFixed(4),
      (idle / 20).toFixed(4),
      `${(idle / 20 / readAll).toFixed(4)}×`,
    ],
    [
      `one midnight: ${fmt(swept.checked)} due, ${fmt(swept.entered)} entered and enrolled`,
      night.toFixed(2),
      perMillion(night),
      `${(night / readAll).toFixed(2)}×`,
    ],
  ];
  console.log(`midnight ${midnight.toISOString()}: ${due!.n} due; ${events!.n} segment.entered stored`);
  console.log(table(['', 's', 's per 1,000,000 contacts', '/ baseline'], rows));
  await writeSection(
    DOCS.benchmarks,
    'segment-clocks',
    `## Segments: time

\`apps/runtime/bench/segmentClocks.bench.ts\` with N = ${fmt(CONTACTS)} contacts (\`BENCH_CLOCK_CONTACTS\`) whose
last-seen dates spread over 60 days, and one live journey that starts on "last seen more than 30 days
ago" (the condition builder's rule). Machine: ${machine}; load average at the end ${loadLine()}. In
process, against the bench cluster; ratios to reading every contact once in the same run.

${table(['', 's', 's per 1,000,000 contacts', '/ baseline'], rows)}

The sweep reads only due clocks (partial index \`segment_clocks_due\`), so with nothing due it costs
the same whatever N; a midnight costs the contacts whose day count crosses its bound that day, not
all contacts.
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await cluster.stop();
}
