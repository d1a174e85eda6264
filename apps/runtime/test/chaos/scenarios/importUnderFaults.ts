import { BENCH_ADMIN_KEY } from '../../../bench/harness/runtimeProcess.js';
import { sleep } from '../../../bench/harness/stats.js';
import { type ChaosEnv, startChaosEnv } from '../chaosEnv.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';

interface ImportState {
  state: string;
  rowsRead: number;
  created: number;
  rejected: number;
  error: string | null;
}

/** GET the import, or undefined while the API cannot answer (Postgres down). */
async function read(env: ChaosEnv, id: string): Promise<ImportState | undefined> {
  return fetch(`${env.api.url}/v1/contacts/imports/${id}`, {
    headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}` },
    signal: AbortSignal.timeout(5000),
  }).then(
    async (res) => (res.ok ? ((await res.json()) as ImportState) : undefined),
    () => undefined,
  );
}

/**
 * A CSV import accepted (202) is running when every worker is SIGKILLed (new ones started), then
 * Postgres is stopped in immediate mode and started again. Expect: the import ends `done` by
 * itself with every row imported once, no row rejected, and its stored file dropped.
 */
export async function importUnderFaults(scale: Scale): Promise<ScenarioResult> {
  const rows = scale.name === 'full' ? 50_000 : 20_000;
  const r = new Recorder(
    'Contact import under SIGKILL and a Postgres restart',
    `a ${rows}-row CSV sent to POST /v1/contacts/imports; once rows are being written, both worker processes SIGKILLed (two new ones started), then Postgres stopped in immediate mode for ${scale.outageMs / 1000} s and started again`,
  );
  const env = await startChaosEnv({ workers: 2, contacts: 0 });
  try {
    const csv = ['id,score', ...Array.from({ length: rows }, (_, i) => `imp-${i},${i % 100}`)].join('\n');
    const columns = JSON.stringify([{ column: 'score', attribute: 'score', type: 'number' }]);
    const res = await fetch(
      `${env.api.url}/v1/contacts/imports?keyColumn=id&columns=${encodeURIComponent(columns)}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'text/csv' },
        body: csv,
      },
    );
    const { id } = (await res.json()) as { id: string };
    r.expect('answer to the upload', res.status, (s) => s === 202, '202');
    // Wait for the first committed batch (or the end, on a fast machine).
    let seen: ImportState | undefined;
    for (let i = 0; i < 300 && !(seen && seen.rowsRead > 0); i++) {
      seen = await read(env, id);
      await sleep(50);
    }
    r.figure('rows committed when the workers were killed', seen?.rowsRead ?? 0);
    const victims = env.workers.filter((w) => w.exitCode() === null);
    for (const worker of victims) await worker.kill();
    await Promise.all(victims.map(() => env.addWorker()));
    await sleep(500);
    await env.cluster.kill();
    await sleep(scale.outageMs);
    await env.cluster.start();
    const restarted = performance.now();
    let last: ImportState | undefined;
    for (
      let lastRows = -1, stalledSince = performance.now();
      performance.now() - stalledSince < scale.stallMs;
    ) {
      last = (await read(env, id)) ?? last;
      if (last?.state === 'done' || last?.state === 'failed') break;
      if (last && last.rowsRead !== lastRows) [lastRows, stalledSince] = [last.rowsRead, performance.now()];
      await sleep(200);
    }
    r.figure('import over after the restart, s', ((performance.now() - restarted) / 1000).toFixed(1));
    r.expect('import state', last?.state ?? 'unknown', (s) => s === 'done', 'done');
    if (last?.error) r.fail(`the import failed: ${last.error}`);
    r.expect('rows read', last?.rowsRead ?? 0, (n) => n === rows, String(rows));
    r.expect('rows rejected', last?.rejected ?? -1, (n) => n === 0, '0');
    const [stored] = await env.sql<{ n: number }[]>`
      select count(*)::int as n from contacts where workspace_id = ${env.workspaceId} and id like 'imp-%'`;
    r.expect('contacts imported', stored?.n ?? 0, (n) => n === rows, String(rows));
    const [chunks] = await env.sql<{ n: number }[]>`
      select count(*)::int as n from contact_import_chunks where import_id = ${id}`;
    r.expect('stored file pieces left', chunks?.n ?? -1, (n) => n === 0, '0');
  } catch (error) {
    r.fail(`the scenario broke: ${(error as Error).message}`);
  } finally {
    await env.close();
  }
  return r.done();
}
