// Issue 19's cost of growth, table by table and index by index: the two email journeys of the
// throughput bench (trigger → gate → send, and the pricing-page example) on contacts of their own,
// and where each contact's Postgres bytes go. Prints only (the throughput bench writes the totals to
// docs/benchmarks.md). `BENCH_CONTACTS=2000 npx tsx bench/bytes.bench.ts`.
import { access, writeFile } from 'node:fs/promises';
import { startBenchCluster } from './harness/cluster.js';
import { issue19EmailJourneys, timeEmailJourney } from './harness/emailJourneys.js';
import { benchWorkspace, insertContacts } from './harness/journeys.js';
import { loadLine, machineLine } from './harness/machine.js';
import { rowChurn } from './harness/relationBytes.js';
import { killAllRuntimes, spawnRuntime } from './harness/runtimeProcess.js';
import { startSmtpReceiver } from './harness/smtpReceiver.js';
import { fmt } from './harness/stats.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 5_000);

const cluster = await startBenchCluster();
const sql = cluster.pool(4);
const smtp = await startSmtpReceiver();
try {
  console.log(`bytes per contact: ${machineLine(cluster.version)}`);
  const runtime = await spawnRuntime({ mode: 'all', databaseUrl: cluster.url, env: { SMTP_URL: smtp.url } });
  const workspace = await benchWorkspace(sql);
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
      batch: 1000,
      smtp,
    });
    console.log(
      `\n${label}: ${fmt(CONTACTS)} contacts, ${fmt(run.contactsPerSecond)} contacts/s, ${fmt(run.bytes.total)} bytes per contact`,
    );
    for (const line of run.relations) console.log(`  ${line}`);
    // Statistics arrive a little late (pg_stat_* are flushed by each backend about once a second).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const churn = await rowChurn(sql, [
      'effects',
      'journey_steps',
      'enrollments',
      'messages',
      'events',
      'tracked_messages',
    ]);
    for (const line of churn) console.log(`    ${line}`);
  }
  console.log(`\nload average ${loadLine()}`);
  await runtime.stop();
  // BENCH_KEEP=<file>: the database stays up (its URL printed) until that file is removed, to look inside.
  if (process.env.BENCH_KEEP) {
    await writeFile(process.env.BENCH_KEEP, cluster.url);
    console.log(`database kept at ${cluster.url} until ${process.env.BENCH_KEEP} is removed`);
    while (
      await access(process.env.BENCH_KEEP).then(
        () => true,
        () => false,
      )
    )
      await new Promise((resolve) => setTimeout(resolve, 1000));
  }
} finally {
  await killAllRuntimes();
  await sql.end({ timeout: 2 });
  await smtp.close();
  await cluster.stop();
}
