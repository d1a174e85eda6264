import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect, type Sql } from './connect.js';
import { loadMigrations } from './migrate.js';

// Migration 225 converts tables that already hold rows: each row moves into its week (or the
// default partition), event keys are backfilled, and ids go on from the highest.
describe('migration 225 on a database with rows', () => {
  const { adminUrl } = inject('testPostgres');
  const name = `crossroads_mig_${randomBytes(6).toString('hex')}`;
  let sql: Sql | undefined;
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    const admin = connect(adminUrl, { max: 1 });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it('moves every row into a partition, keeps ids, keys and index names', async () => {
    const admin = connect(adminUrl, { max: 1 });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    sql = connect(adminUrl.replace(/\/[^/]*$/, `/${name}`), { max: 1 });
    const migrations = await loadMigrations();
    for (const m of migrations.filter((m) => m.id < 225)) await sql.unsafe(m.sql);
    const ws = '00000000-0000-4000-8000-000000000001';
    const wf = '00000000-0000-4000-8000-000000000002';
    const times = ["now() - interval '30 days'", "now() - interval '3 days'", 'now()'];
    for (const [i, at] of times.entries()) {
      await sql.unsafe(`insert into events (workspace_id, id, contact_id, type, occurred_at, received_at)
        values ('${ws}', 'e${i}', 'c', 't', ${at}, ${at})`);
      await sql.unsafe(`insert into journey_steps (workspace_id, enrollment_id, workflow_id, version, contact_id,
        node_id, node_type, visit, at) values ('${ws}', 1, '${wf}', 1, 'c', 'n', 'send', 1, ${at})`);
      await sql.unsafe(`insert into messages (workspace_id, effect_id, workflow_id, node_id, contact_id, message_id,
        to_address, from_address, subject, created_at) values ('${ws}', ${i}, '${wf}', 'n', 'c', 'm${i}', 'a@b.c',
        'd@e.f', 's', ${at})`);
    }
    await sql.begin((tx) => tx.unsafe(migrations.find((m) => m.id === 225)!.sql));

    for (const table of ['events', 'journey_steps', 'messages']) {
      const rows = await sql<
        { part: string }[]
      >`select tableoid::regclass::text as part from ${sql(table)} order by 1`;
      expect(rows).toHaveLength(3);
      // The oldest row's week and every week since were created, so none is in the default.
      for (const r of rows) expect(r.part).toMatch(new RegExp(`^${table}_p\\d{8}$`));
      const [kind] = await sql<
        { kind: string }[]
      >`select relkind::text as kind from pg_class where relname = ${table}`;
      expect(kind?.kind).toBe('p');
    }
    expect(await sql`select id from event_keys order by id`).toEqual([
      { id: 'e0' },
      { id: 'e1' },
      { id: 'e2' },
    ]);
    const [step] = await sql<{ id: string }[]>`
      insert into journey_steps (workspace_id, workflow_id, version, contact_id, node_id, node_type, visit)
      values (${ws}, ${wf}, 1, 'c', 'n', 'send', 2) returning id::text`;
    expect(step?.id).toBe('4');
    const indexes = await sql<{ name: string }[]>`
      select c.relname as name from pg_class c where c.relkind = 'I' order by 1`;
    expect(indexes.map((i) => i.name)).toEqual([
      'events_contact',
      'events_contact_type_time',
      'events_pkey',
      'journey_steps_contact',
      'journey_steps_enrollment',
      'journey_steps_pkey',
      'journey_steps_priority',
      'journey_steps_workflow',
      'messages_contact',
      'messages_effect_id_key',
      'messages_message_id',
      'messages_pkey',
      'messages_workspace',
    ]);
  }, 60_000);
});
