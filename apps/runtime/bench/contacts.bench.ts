// Contact search (GET /v1/contacts) on N contacts: p95 of the id, email-prefix and node lookups
// (goal ≤ 50 ms each), next to GET /v1/contacts/:id in the same run as the baseline
// (docs/benchmarks.md, "Contacts: search"). N = BENCH_CONTACTS (1,000,000 by default).
import { startBenchCluster } from './harness/cluster.js';
import { api, benchWorkspace, insertContacts, parkedJourney, publishJourney } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, table, writeSection } from './harness/report.js';
import { killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { fmt, percentile } from './harness/stats.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
/** Contacts parked on the journey's wait (the node lookups page through them). */
const PARKED = Math.min(CONTACTS, 100_000);
const SAMPLES = Number(process.env.BENCH_SEARCH_SAMPLES ?? 300);

const cluster = await startBenchCluster();
const sql = cluster.pool(4);
const random = (n: number) => Math.floor(Math.random() * n);

/** Milliseconds of `SAMPLES` sequential requests, each from `path()`, after 20 warm-up requests. */
async function timed(baseUrl: string, path: () => string, check: (body: { items?: unknown[] }) => boolean) {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES + 20; i++) {
    const url = path();
    const started = performance.now();
    const body = await api<{ items?: unknown[] }>(baseUrl, 'GET', url);
    const ms = performance.now() - started;
    if (!check(body)) throw new Error(`unexpected answer to ${url}: ${JSON.stringify(body).slice(0, 300)}`);
    if (i >= 20) samples.push(ms);
  }
  return samples;
}

try {
  const machine = machineLine(cluster.version);
  console.log(`contacts: ${machine}; N = ${fmt(CONTACTS)}`);
  const runtime = await spawnRuntime({ mode: 'api', databaseUrl: cluster.url });
  const workflowId = await publishJourney(runtime.url, parkedJourney());
  const workspaceId = await benchWorkspace(sql);
  const loadStarted = performance.now();
  await insertContacts(sql, workspaceId, 'c', CONTACTS);
  // Parked enrollments written as the walk leaves them: waiting on 'wait', with their trace row.
  await sql`
    insert into enrollments (workspace_id, workflow_id, version, contact_id, reentry, state, node_id, wait_event)
    select ${workspaceId}, ${workflowId}, 1, 'c' || i, 'once', 'waiting', 'wait', 'bench.resume'
    from generate_series(0, ${PARKED - 1}::int) as i`;
  await sql`
    insert into journey_steps (workspace_id, enrollment_id, workflow_id, version, contact_id, node_id, node_type, visit, decision)
    select workspace_id, id, workflow_id, version, contact_id, node_id, 'wait', 1, '{}'::jsonb
    from enrollments where workflow_id = ${workflowId}`;
  await sql`analyze contacts`;
  await sql`analyze enrollments`;
  await sql`analyze journey_steps`;
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  console.log(
    `loaded ${fmt(CONTACTS)} contacts and ${fmt(PARKED)} parked enrollments in ${loadSeconds.toFixed(1)} s`,
  );

  const one = (body: { items?: unknown[] }) => (body.items?.length ?? 0) >= 1;
  const baseline = await timed(
    runtime.url,
    () => `/v1/contacts/c${random(CONTACTS)}`,
    () => true,
  );
  const byId = await timed(runtime.url, () => `/v1/contacts?q=c${random(CONTACTS)}`, one);
  // A prefix of 3 to 6 characters of an existing address: wide ones fill a page of 50.
  const byEmail = await timed(
    runtime.url,
    () => `/v1/contacts?limit=50&q=${encodeURIComponent(`C${random(CONTACTS)}`.slice(0, 3 + random(4)))}`,
    one,
  );
  let cursor: string | null = null;
  const atNode = await timed(
    runtime.url,
    () => {
      const page = `/v1/contacts?limit=50&workflowId=${workflowId}&nodeId=wait`;
      return cursor && random(10) > 0 ? `${page}&cursor=${encodeURIComponent(cursor)}` : page;
    },
    (body) => {
      cursor = (body as { next?: string | null }).next ?? null;
      return (body.items?.length ?? 0) === 50;
    },
  );
  const ruled = await timed(
    runtime.url,
    () =>
      `/v1/contacts?limit=50&filter=${encodeURIComponent(JSON.stringify({ '>=': [{ var: 'contact.lead_score' }, 90] }))}`,
    one,
  );
  await runtime.stop();

  const p95 = (s: number[]) => percentile(s, 95);
  const base = p95(baseline);
  const row = (what: string, s: number[], goal: string) => [
    what,
    percentile(s, 50).toFixed(1),
    p95(s).toFixed(1),
    goal,
    `${(p95(s) / base).toFixed(2)}×`,
  ];
  const rows = [
    row('`GET /v1/contacts/:id` (baseline)', baseline, ''),
    row('exact id, `q=c123456`', byId, '≤ 50'),
    row('email prefix, `q=C12` … `q=C12345` (any case), 50 a page', byEmail, '≤ 50'),
    row('at a step, `workflowId&nodeId=wait`, 50 a page (9 in 10 with a cursor)', atNode, '≤ 50'),
    row('attribute rule, `filter={">=":[lead_score,90]}`, 50 a page', ruled, ''),
  ];
  console.log(table(['ms', 'p50', 'p95', 'goal', 'p95 / baseline'], rows));
  await writeSection(
    DOCS.benchmarks,
    'contact-search',
    `## Contacts: search

\`apps/runtime/bench/contacts.bench.ts\` with N = ${fmt(CONTACTS)} contacts (\`BENCH_CONTACTS\`), ${fmt(PARKED)} of
them parked on one step of a journey. Machine: ${machine}; load average at the end ${loadLine()}.
\`runtime api\` in a child process; ${SAMPLES} sequential requests per row (after 20 to warm up), timed
at the client over loopback HTTP. Loading took ${loadSeconds.toFixed(1)} s. Indexes: migration 105
(\`contacts_email_prefix\`, \`enrollments_at_node\`); the id lookup uses the primary key.

${table(['ms', 'p50', 'p95', 'goal', 'p95 / baseline'], rows)}

An attribute rule (or a segment) is checked in JavaScript on up to 5,000 contacts per page, so its
cost depends on how many contacts match: here one in ten.
`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await cluster.stop();
}
