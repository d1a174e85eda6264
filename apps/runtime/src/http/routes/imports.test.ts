import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImportDeps, runImport } from '../../import/runImport.js';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
let deps: ImportDeps;

beforeAll(async () => {
  t = await createTestApp();
  deps = { sql: t.deps.sql, registry: t.deps.registry, logger: t.deps.logger };
});
afterAll(() => t.close());

/** A request with a raw body (the file) and the admin key. */
async function send(method: string, path: string, body: string, type = 'text/csv') {
  const res = await t.app.request(path, {
    method,
    headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': type },
    body,
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers freely
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Runs the import's job here (the worker's task), then answers its status. */
async function finish(id: string, extra: Partial<ImportDeps> = {}) {
  await runImport({ ...deps, ...extra }, id);
  return (await t.call('GET', `/v1/contacts/imports/${id}`)).body;
}

const CRM_EXPORT = [
  'Email,First Name,Seats,Trial ends,Newsletter,Tags',
  'ann@acme.io,Ann,12,2026-03-01,yes,beta;vip',
  'BOB@acme.io,Bob,twelve,2026-03-02,no,',
  '"cy@acme.io","Cy ""the closer""",3,2026-02-30,yes,a',
  'dee@acme.io,"Dee',
  'Dawson",4,,1,',
  ',NoEmail,1,,,',
  'eve@acme.io,Eve,5,2026-04-01T09:30:00+02:00,false,x',
].join('\n');

const MAPPING = {
  keyColumn: 'Email',
  columns: [
    { column: 'First Name', attribute: 'first_name', type: 'text' },
    { column: 'Seats', attribute: 'seats', type: 'number' },
    { column: 'Trial ends', attribute: 'trial_ends', type: 'date' },
    { column: 'Newsletter', attribute: 'newsletter', type: 'boolean' },
    { column: 'Tags', attribute: 'tags', type: 'list' },
  ],
  fileName: 'crm-export.csv',
};

describe('POST /v1/contacts/imports then PUT its file', () => {
  let importId: string;

  it('creates an import waiting for its file, then stores the file and queues it', async () => {
    const created = await t.call('POST', '/v1/contacts/imports', MAPPING);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      state: 'waiting-for-file',
      key: 'email',
      mode: 'upsert',
      rowsRead: 0,
    });
    importId = created.body.id;
    expect(created.body.uploadUrl).toBe(`/v1/contacts/imports/${importId}/file`);
    const uploaded = await send('PUT', created.body.uploadUrl, CRM_EXPORT);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(202);
    expect(uploaded.body).toMatchObject({
      state: 'queued',
      bytes: Buffer.byteLength(CRM_EXPORT),
      uploadUrl: null,
    });
    const again = await send('PUT', created.body.uploadUrl, CRM_EXPORT);
    expect(again.status).toBe(409);
  });

  it('imports the good rows with their types and reports each bad row with its line and reason', async () => {
    const done = await finish(importId);
    expect(done).toMatchObject({
      state: 'done',
      rowsRead: 6,
      created: 3,
      upserted: 3,
      rejected: 3,
      bytesRead: Buffer.byteLength(CRM_EXPORT),
    });
    // Line 5's quoted name runs over two lines: that row is read whole, and line 7 stays line 7.
    expect(done.firstRejections).toEqual([
      { line: 3, column: 'Seats', reason: expect.stringContaining("'twelve' is not a number") },
      { line: 4, column: 'Trial ends', reason: expect.stringContaining("'2026-02-30' is not a date") },
      { line: 7, column: 'Email', reason: "no email address in the key column 'Email'" },
    ]);
    const contacts = await t.db.sql`select id, attributes from contacts order by id`;
    expect(contacts).toEqual([
      {
        id: 'ann@acme.io',
        attributes: {
          email: 'ann@acme.io',
          first_name: 'Ann',
          seats: 12,
          trial_ends: '2026-03-01',
          newsletter: true,
          tags: ['beta', 'vip'],
        },
      },
      {
        id: 'dee@acme.io',
        attributes: { email: 'dee@acme.io', first_name: 'Dee\nDawson', seats: 4, newsletter: true },
      },
      {
        id: 'eve@acme.io',
        attributes: {
          email: 'eve@acme.io',
          first_name: 'Eve',
          seats: 5,
          trial_ends: '2026-04-01T07:30:00.000Z',
          newsletter: false,
          tags: ['x'],
        },
      },
    ]);
  });

  it('answers the report as CSV: line, column, reason, then the row under its own headers', async () => {
    const res = await t.app.request(`/v1/contacts/imports/${importId}/rejected`, {
      headers: { authorization: `Bearer ${t.adminKey}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="crm-export-rejected.csv"');
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('line,column,reason,Email,First Name,Seats,Trial ends,Newsletter,Tags');
    expect(lines[1]).toMatch(/^3,Seats,"'twelve' is not a number .*",BOB@acme.io,Bob,twelve,2026-03-02,no,$/);
    expect(lines[2]).toMatch(/^4,Trial ends,.*,cy@acme.io,"Cy ""the closer""",3,2026-02-30,yes,a$/);
    expect(lines[3]).toBe(`7,Email,no email address in the key column 'Email',,NoEmail,1,,,`);
    expect(lines).toHaveLength(4);
  });

  it('changes nothing when the same file is imported again (the file sent straight to POST)', async () => {
    const before = await t.db.sql`select id, updated_at from contacts order by id`;
    const query = new URLSearchParams({ keyColumn: 'Email', columns: JSON.stringify(MAPPING.columns) });
    const again = await send('POST', `/v1/contacts/imports?${query}`, CRM_EXPORT);
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    const done = await finish(again.body.id);
    expect(done).toMatchObject({ state: 'done', created: 0, updated: 0, unchanged: 3, rejected: 3 });
    expect(await t.db.sql`select id, updated_at from contacts order by id`).toEqual(before);
  });

  it('counts created, updated, unchanged and skipped rows when nothing reads them back (upsert, only-new)', async () => {
    const file = ['id,plan', 'count-a,free', 'count-b,free'].join('\n');
    const plan = JSON.stringify([{ column: 'plan', attribute: 'plan', type: 'text' }]);
    const first = await send(
      'POST',
      `/v1/contacts/imports?${new URLSearchParams({ keyColumn: 'id', columns: plan })}`,
      file,
    );
    expect(await finish(first.body.id)).toMatchObject({
      state: 'done',
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    const next = ['id,plan', 'count-a,pro', 'count-b,free', 'count-c,team'].join('\n');
    const upsert = await send(
      'POST',
      `/v1/contacts/imports?${new URLSearchParams({ keyColumn: 'id', columns: plan })}`,
      next,
    );
    expect(await finish(upsert.body.id)).toMatchObject({
      state: 'done',
      created: 1,
      updated: 1,
      unchanged: 1,
    });
    const query = new URLSearchParams({ keyColumn: 'id', columns: plan, mode: 'only-new' });
    const onlyNew = await send('POST', `/v1/contacts/imports?${query}`, [next, 'count-d,free'].join('\n'));
    expect(await finish(onlyNew.body.id)).toMatchObject({
      state: 'done',
      created: 1,
      updated: 0,
      skipped: 3,
    });
    const plans = await t.db
      .sql`select id, attributes->>'plan' as plan from contacts where id like 'count-%' order by id`;
    expect(plans.map((r) => `${r.id}:${r.plan}`)).toEqual([
      'count-a:pro',
      'count-b:free',
      'count-c:team',
      'count-d:free',
    ]);
  });
});
