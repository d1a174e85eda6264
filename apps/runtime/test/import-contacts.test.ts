import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../src/import/runImport.js';
import { LostImport } from '../src/import/writeBatch.js';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const at = { x: 0, y: 0 };

/** Starts when a contact enters 'hot-leads'. */
const journey: GraphInput = {
  schemaVersion: 1,
  id: 'hot-leads-import',
  name: 'Hot leads from imports',
  settings: { reentry: 'once' },
  nodes: [
    {
      id: 'entered',
      type: 'trigger',
      version: 1,
      position: at,
      config: { on: 'segment', segment: 'hot-leads' },
    },
    {
      id: 'hello',
      type: 'send',
      version: 1,
      position: at,
      config: { subject: 'Hello', text: 'Hi', reason: 'Hot' },
    },
  ],
  edges: [{ id: 'a', source: 'entered', sourceHandle: 'next', target: 'hello' }],
};

let t: EngineApp;
beforeAll(async () => {
  t = await createEngineApp();
  const segment = await t.call('POST', '/v1/segments', {
    name: 'hot-leads',
    rule: { '>=': [{ var: 'contact.lead_score' }, 80] },
  });
  expect(segment.status, JSON.stringify(segment.body)).toBe(201);
  await publishJourney(t, journey);
});
afterAll(() => t.close());

/** Sends the file straight to POST with its settings as query parameters; answers the import. */
async function importFile(body: string, settings: Record<string, string>, type = 'text/csv') {
  const res = await t.app.request(`/v1/contacts/imports?${new URLSearchParams(settings)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': type },
    body,
  });
  const created = await res.json();
  expect(res.status, JSON.stringify(created)).toBe(202);
  return created as { id: string };
}

/** The import once the worker has finished it. */
async function finished(id: string) {
  return eventually(async () => {
    const { body } = await t.call('GET', `/v1/contacts/imports/${id}`);
    return (body.state === 'done' || body.state === 'failed') && body;
  });
}

const scores = JSON.stringify([{ column: 'score', attribute: 'lead_score', type: 'number' }]);

describe('contact imports run by the worker', () => {
  it('enrols contacts the import makes enter a segment, as a PUT would, once', async () => {
    // Already in the segment (this PUT enrolled it): the import does not make it enter again.
    await t.call('PUT', '/v1/contacts/already-hot', { attributes: { lead_score: 99 } });
    const file = ['id,score', 'cold-1,10', 'hot-1,85', 'hot-2,90', 'already-hot,95'].join('\n');
    const done = await finished((await importFile(file, { keyColumn: 'id', columns: scores })).id);
    expect(done).toMatchObject({ state: 'done', created: 3, updated: 1, segmentEntries: 2, rejected: 0 });
    const enrolled = await eventually(async () => {
      const rows = await t.db.sql<{ contactId: string }[]>`
        select contact_id from enrollments order by contact_id`;
      return rows.length === 3 && rows.map((r) => r.contactId);
    });
    expect(enrolled).toEqual(['already-hot', 'hot-1', 'hot-2']);
    const events = await t.db
      .sql`select contact_id, properties from events where type = 'segment.entered' and id like '%:import:%' order by contact_id`;
    expect(events).toEqual([
      { contactId: 'hot-1', properties: { segment: 'hot-leads' } },
      { contactId: 'hot-2', properties: { segment: 'hot-leads' } },
    ]);
    // The same file again: no contact changes, so no one enters anything.
    const again = await finished((await importFile(file, { keyColumn: 'id', columns: scores })).id);
    expect(again).toMatchObject({ state: 'done', created: 0, updated: 0, unchanged: 4, segmentEntries: 0 });
  });

  it('only-new creates and skips contacts that exist; only-existing updates and skips the rest (NDJSON)', async () => {
    const file = [
      JSON.stringify({ email: 'New@Example.com', plan: 'pro' }),
      JSON.stringify({ email: 'cold-1@example.com', plan: 'free' }),
      '{"email": broken',
    ].join('\n');
    await t.call('PUT', '/v1/contacts/cold-1@example.com', { attributes: { email: 'cold-1@example.com' } });
    const onlyNew = await finished(
      (await importFile(file, { keyColumn: 'email', mode: 'only-new' }, 'application/x-ndjson')).id,
    );
    expect(onlyNew).toMatchObject({ state: 'done', format: 'ndjson', created: 1, skipped: 1, rejected: 1 });
    expect(onlyNew.firstRejections).toEqual([{ line: 3, column: null, reason: expect.any(String) }]);
    const onlyExisting = await finished(
      (
        await importFile(
          file.replaceAll('pro', 'team').replaceAll('free', 'plus'),
          { keyColumn: 'email', mode: 'only-existing' },
          'application/x-ndjson',
        )
      ).id,
    );
    expect(onlyExisting).toMatchObject({ state: 'done', created: 0, updated: 2, skipped: 0, rejected: 1 });
    const plans = await t.db.sql`
      select id, attributes->>'plan' as plan from contacts where id like '%@example.com' order by id`;
    expect(plans).toEqual([
      { id: 'cold-1@example.com', plan: 'plus' },
      { id: 'new@example.com', plan: 'team' },
    ]);
  });

  it('resumes after the rows already committed when its run is cut off (a killed worker)', async () => {
    await t.worker.stop();
    const rows = Array.from({ length: 10 }, (_, i) => `resume-${i},${i}`);
    const { id } = await importFile(['id,score', ...rows].join('\n'), { keyColumn: 'id', columns: scores });
    const deps = {
      sql: t.deps.sql,
      registry: t.deps.registry,
      logger: t.deps.logger,
      batchRows: 3,
      writers: 2,
    };
    // The first run stops after its second batch commits, as a killed process would.
    const cut = runImport(
      {
        ...deps,
        onBatch: (n) => {
          if (n >= 6) throw new LostImport('killed');
        },
      },
      id,
    );
    await expect(cut).rejects.toThrow('killed');
    const halfway = (await t.call('GET', `/v1/contacts/imports/${id}`)).body;
    expect(halfway).toMatchObject({ state: 'running', rowsRead: 6 });
    await runImport(deps, id);
    const done = (await t.call('GET', `/v1/contacts/imports/${id}`)).body;
    expect(done).toMatchObject({ state: 'done', rowsRead: 10, created: 10, rejected: 0 });
    const [counted] = await t.db.sql`select count(*)::int as count from contacts where id like 'resume-%'`;
    expect(counted?.count).toBe(10);
    expect(await t.db.sql`select 1 from contact_import_chunks where import_id = ${id}`).toHaveLength(0);
  });

  it('keeps file order when one contact is in batches written at once (the later row wins)', async () => {
    await t.worker.stop();
    const rows = ['order-x,1', 'order-a,1', 'order-x,2', 'order-b,1', 'order-x,3', 'order-c,1', 'order-x,4'];
    const { id } = await importFile(['id,score', ...rows].join('\n'), { keyColumn: 'id', columns: scores });
    const deps = {
      sql: t.deps.sql,
      registry: t.deps.registry,
      logger: t.deps.logger,
      batchRows: 2,
      writers: 2,
    };
    // The first batch is held up on order-a (locked elsewhere) so the second, written at the same
    // time, would reach order-x first if it did not wait for it.
    expect((await t.call('PUT', '/v1/contacts/order-a', { attributes: { lead_score: 0 } })).status).toBe(200);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const locking = t.db.sql.begin(async (tx) => {
      await tx`select 1 from contacts where id = 'order-a' for update`;
      locked();
      await held;
    });
    await lockTaken;
    const running = runImport(deps, id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await locking;
    await running;
    const done = (await t.call('GET', `/v1/contacts/imports/${id}`)).body;
    expect(done).toMatchObject({ state: 'done', rowsRead: 7, created: 3, updated: 4, rejected: 0 });
    const [x] = await t.db.sql`select attributes->'lead_score' as score from contacts where id = 'order-x'`;
    expect(x?.score).toBe(4);
    const [progress] = await t.db.sql`select records_done::int as n from contact_imports where id = ${id}`;
    expect(progress?.n).toBe(7);
  });
});
