// Bulk import (POST /v1/contacts/imports) of an N-row CSV file: rows/s from upload to done, as a
// ratio to Postgres COPY of the same file in the same run (goal ≥ 0.5×), with the runtime's peak
// RSS (docs/benchmarks.md, "Contacts: bulk import"). N = BENCH_IMPORT_ROWS (1,000,000 by default).
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startBenchCluster } from './harness/cluster.js';
import { api } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, table, writeSection } from './harness/report.js';
import { BENCH_ADMIN_KEY, killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { fmt } from './harness/stats.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const PLANS = ['free', 'pro', 'team', 'enterprise'];

/** A CRM export: email key, a name, a number, a date, a yes/no and a list, written as a stream. */
async function writeCsv(path: string): Promise<void> {
  async function* lines() {
    yield 'Email,First Name,Seats,Trial ends,Newsletter,Tags\n';
    let chunk = '';
    for (let i = 0; i < ROWS; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      chunk += `Person.${i}@Bench.Example,Person ${i},${i % 500},2026-03-${day},${i % 3 ? 'yes' : 'no'},${PLANS[i % 4]};beta\n`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
  }
  await pipeline(Readable.from(lines()), createWriteStream(path));
}

const dir = mkdtempSync(join(tmpdir(), 'crossroads-import-bench-'));
const cluster = await startBenchCluster();
const sql = cluster.pool(2);
try {
  const machine = machineLine(cluster.version);
  console.log(`import: ${machine}; N = ${fmt(ROWS)}`);
  const file = join(dir, 'contacts.csv');
  await writeCsv(file);
  const bytes = statSync(file).size;

  // Baseline: COPY of the same file into a table of the same columns (types checked by Postgres).
  await sql`create table import_bench_copy (email text, first_name text, seats int, trial_ends date, newsletter text, tags text)`;
  const copyStarted = performance.now();
  const copy = await sql`copy import_bench_copy from stdin with (format csv, header true)`.writable();
  await pipeline(createReadStream(file), copy);
  const copySeconds = (performance.now() - copyStarted) / 1000;
  await sql`drop table import_bench_copy`;

  // BENCH_CPU_PROFILE_DIR=/tmp/x writes the runtime's CPU profile there (on exit), to see where the time goes.
  const cpuProfileDir = process.env.BENCH_CPU_PROFILE_DIR;
  await sql`select pg_stat_statements_reset()`;
  const runtime = await spawnRuntime({
    mode: 'all',
    databaseUrl: cluster.url,
    ...(cpuProfileDir && { cpuProfileDir }),
  });
  let peakRss = await runtime.rss();
  const sampler = setInterval(async () => {
    peakRss = Math.max(peakRss, await runtime.rss());
  }, 100);
  const columns = JSON.stringify([
    { column: 'First Name', attribute: 'first_name', type: 'text' },
    { column: 'Seats', attribute: 'seats', type: 'number' },
    { column: 'Trial ends', attribute: 'trial_ends', type: 'date' },
    { column: 'Newsletter', attribute: 'newsletter', type: 'boolean' },
    { column: 'Tags', attribute: 'tags', type: 'list' },
  ]);
  const started = performance.now();
  const res = await fetch(
    `${runtime.url}/v1/contacts/imports?${new URLSearchParams({ keyColumn: 'Email', columns })}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'text/csv' },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit,
  );
  const created = (await res.json()) as { id: string };
  if (res.status !== 202)
    throw new Error(`POST /v1/contacts/imports → ${res.status}: ${JSON.stringify(created)}`);
  const uploadSeconds = (performance.now() - started) / 1000;
  let done: { state: string; rowsRead: number; created: number; rejected: number; error: string | null };
  for (;;) {
    done = await api(runtime.url, 'GET', `/v1/contacts/imports/${created.id}`);
    if (done.state === 'done' || done.state === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const importSeconds = (performance.now() - started) / 1000;
  if (process.env.BENCH_STATEMENTS) {
    // Where Postgres spent the import's time (pg_stat_statements is loaded by the bench cluster).
    const top = await sql<{ ms: number; calls: number; query: string }[]>`
      select round(total_exec_time)::int as ms, calls::int, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 160) as query
      from pg_stat_statements order by total_exec_time desc limit 12`;
    for (const q of top)
      console.log(`${String(q.ms).padStart(7)} ms ${String(q.calls).padStart(6)}× ${q.query}`);
    const [phases] = await sql<{ queued: number; running: number }[]>`
      select extract(epoch from started_at - created_at)::float8 as queued,
             extract(epoch from finished_at - started_at)::float8 as running
      from contact_imports where id = ${created.id}`;
    console.log(
      `stored in ${uploadSeconds.toFixed(2)} s; job waited ${phases?.queued.toFixed(2)} s, ran ${phases?.running.toFixed(2)} s`,
    );
  }
  clearInterval(sampler);
  await runtime.stop();
  if (done.state !== 'done' || done.created !== ROWS || done.rejected !== 0)
    throw new Error(`import ended unexpectedly: ${JSON.stringify(done)}`);

  const rate = (seconds: number) => fmt(Math.round(ROWS / seconds));
  const rows = [
    ['Postgres `COPY` of the file (baseline)', copySeconds.toFixed(1), rate(copySeconds), '1.00×', ''],
    [
      '`POST /v1/contacts/imports`, upload to done',
      importSeconds.toFixed(1),
      rate(importSeconds),
      `${(copySeconds / importSeconds).toFixed(2)}×`,
      `${Math.round(peakRss / 2 ** 20)} MiB`,
    ],
  ];
  const header = ['', 's', 'rows/s', 'vs COPY (goal ≥ 0.5×)', 'runtime peak RSS'];
  console.log(table(header, rows));
  await writeSection(
    DOCS.benchmarks,
    'contact-import',
    `## Contacts: bulk import

\`apps/runtime/bench/import.bench.ts\` with N = ${fmt(ROWS)} rows (\`BENCH_IMPORT_ROWS\`), a ${(bytes / 2 ** 20).toFixed(0)} MiB CSV
(email key, text, number, date, yes/no and list columns, all valid, all new contacts). Machine:
${machine}; load average at the end ${loadLine()}. \`runtime all\` in a child process; the file
is streamed to \`POST /v1/contacts/imports\` (stored in ${uploadSeconds.toFixed(1)} s), then the worker's job imports it;
the time runs from the first byte sent to \`state: done\`. The baseline is \`COPY … from stdin\` of the
same file into a table of the same six columns, in the same run on the same Postgres.

${table(header, rows)}
${
  ROWS < 1_000_000
    ? `\nRun at ${fmt(ROWS)} rows, not the goal's 1,000,000: the machine was shared (load above); the figure shows the
bench works, not the import's speed. The full run is left to a quiet machine.\n`
    : ''
}${
  copySeconds / importSeconds < 0.5
    ? `\nThe goal (≥ 0.5× COPY) is not met: each batch of 5,000 rows resolves keys, reads the contacts it
may change (for the mode and segment entry), writes them through \`jsonb_to_recordset\` with a
change check, and commits its progress; COPY only appends rows.\n`
    : ''
}`,
  );
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
