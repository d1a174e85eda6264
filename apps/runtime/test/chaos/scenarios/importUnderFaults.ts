import type { GraphInput } from '@crossroads/graph-schema';
import { api, publishJourney } from '../../../bench/harness/journeys.js';
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

/** Starts when a contact enters 'imported-high' (score ≥ 50), then waits a month. */
const onEntry: GraphInput = {
  schemaVersion: 1,
  id: 'chaos-import-entry',
  name: 'Imported high scores',
  settings: { reentry: 'once' },
  nodes: [
    {
      id: 'in',
      type: 'trigger',
      version: 1,
      position: { x: 0, y: 0 },
      config: { on: 'segment', segment: 'imported-high' },
    },
    {
      id: 'pause',
      type: 'wait',
      version: 1,
      position: { x: 0, y: 0 },
      config: { mode: 'duration', duration: 'P30D' },
    },
  ],
  edges: [{ id: 'a', source: 'in', sourceHandle: 'next', target: 'pause' }],
};

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
 * itself with every row imported once, no row rejected, and its stored file dropped; and every
 * contact the import put into a trigger segment is enrolled exactly once (entries are jobs queued
 * with each batch, so neither lost with a killed batch nor doubled by a retried one).
 */
export async function importUnderFaults(scale: Scale): Promise<ScenarioResult> {
  const rows = scale.name === 'full' ? 50_000 : 20_000;
  const r = new Recorder(
    'Contact import under SIGKILL and a Postgres restart',
    `a ${rows}-row CSV sent to POST /v1/contacts/imports; once rows are being written, both worker processes SIGKILLed (two new ones started), then Postgres stopped in immediate mode for ${scale.outageMs / 1000} s and started again`,
  );
  const env = await startChaosEnv({ workers: 2, contacts: 0 });
  try {
    await api(env.api.url, 'POST', '/v1/segments', {
      name: 'imported-high',
      rule: { '>=': [{ var: 'contact.score' }, 50] },
    });
    const entryJourney = await publishJourney(env.api.url, onEntry);
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
    // Half the rows (score i % 100 ≥ 50) enter the segment: each enrolled once, when the jobs are done.
    const high = rows / 2;
    let enrolled = { n: 0, distinct: 0 };
    for (let lastN = -1, since = performance.now(); performance.now() - since < scale.stallMs; ) {
      const [row] = await env.sql<{ n: number; distinct: number }[]>`
        select count(*)::int as n, count(distinct contact_id)::int as distinct from enrollments
        where workflow_id = ${entryJourney}`;
      enrolled = row ?? enrolled;
      if (enrolled.n >= high) break;
      if (enrolled.n !== lastN) [lastN, since] = [enrolled.n, performance.now()];
      await sleep(200);
    }
    await sleep(1000); // a doubled entry would show up now
    const [final] = await env.sql<{ n: number; distinct: number }[]>`
      select count(*)::int as n, count(distinct contact_id)::int as distinct from enrollments
      where workflow_id = ${entryJourney}`;
    r.expect(
      'segment-entry enrollments (none lost or doubled)',
      final?.n ?? 0,
      (n) => n === high,
      String(high),
    );
    r.expect(
      'contacts enrolled on entering the segment',
      final?.distinct ?? 0,
      (n) => n === high,
      String(high),
    );
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
