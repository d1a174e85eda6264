import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention, weekOf } from '../src/operate/retention.js';
import type { TestApp } from '../src/testing/testApp.js';
import type { RunningWorker } from '../src/worker/worker.js';
import {
  createSendingApp,
  linearJourney,
  type MailReceiver,
  sendConfig,
  startMailReceiver,
} from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

// Issue 19: retention rotates the weekly partitions of events, journey_steps and messages
// (migration 225, operate/retention.ts) while events are ingested and journeys send email.

const DAY = 86_400_000;
const RETENTION_DAYS = 35;
const TABLES = [
  ['events', 'received_at'],
  ['journey_steps', 'at'],
  ['messages', 'created_at'],
] as const;
const partition = (table: string, week: string) => `${table}_p${week.replaceAll('-', '')}`;

describe('retention under load', () => {
  let t: TestApp & { worker: RunningWorker };
  let smtp: MailReceiver;
  let workflowId: string;
  const now = new Date();
  // Two whole weeks past the retention, a partition each; and rows older than any partition.
  const oldWeeks = [weekOf(new Date(now.getTime() - 70 * DAY)), weekOf(new Date(now.getTime() - 63 * DAY))];
  const ancient = new Date(now.getTime() - 400 * DAY);
  // Inside the window: 20 days ago (the default partition: no week was created for it) and a week
  // beyond the four the migration created (default too, moved when its week is created).
  const recentInDefault = new Date(now.getTime() - 20 * DAY);
  const future = new Date(now.getTime() + 37 * DAY);

  beforeAll(async () => {
    smtp = await startMailReceiver();
    t = await createSendingApp(smtp);
    workflowId = await publishJourney(
      t,
      linearJourney('welcome', 'signed.up', [{ id: 'welcome', type: 'send', config: sendConfig('Welcome') }]),
    );
    const sql = t.db.sql;
    for (const [table, key] of TABLES)
      for (const week of oldWeeks)
        await sql`select crossroads_week_partition(${table}, ${key}, ${week}::date)`;
    // Rows written long ago: 30 per old week and table, 5 older than every partition.
    const stamps = [
      ...oldWeeks.flatMap((week) =>
        Array.from({ length: 30 }, (_, i) => new Date(Date.parse(`${week}T00:00:00Z`) + i * 3 * 3_600_000)),
      ),
      ...Array.from({ length: 5 }, () => ancient),
    ];
    const kept = [recentInDefault, future];
    const all = [...stamps.map((at) => ({ at, tag: 'old' })), ...kept.map((at) => ({ at, tag: 'kept' }))];
    for (const [i, { at, tag }] of all.entries()) {
      const id = `${tag}-${i}`;
      await sql`with k as (insert into event_keys values (${t.workspaceId}, ${id}))
        insert into events (workspace_id, id, contact_id, type, occurred_at, received_at)
        values (${t.workspaceId}, ${id}, ${id}, 'page.viewed', ${at}, ${at})`;
      await sql`insert into journey_steps (workspace_id, workflow_id, version, contact_id, node_id, node_type, visit, at)
        values (${t.workspaceId}, ${workflowId}, 1, ${id}, 'welcome', 'send', 1, ${at})`;
      await sql`insert into messages (workspace_id, effect_id, workflow_id, node_id, contact_id, message_id,
          to_address, from_address, subject, created_at)
        values (${t.workspaceId}, ${-1 - i}, ${workflowId}, 'welcome', ${id}, ${id}, 'a@example.org',
          'hello@example.com', 'Old', ${at})`;
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('creates, detaches and drops partitions while events are ingested and emails sent, losing nothing kept', async () => {
    const sql = t.db.sql;
    const contacts = Array.from({ length: 48 }, (_, i) => `load-${i}`);
    const failures: string[] = [];
    let running = true;
    let answered = 0;
    // Load: 6 lanes, each a contact upsert and one event per POST (the group-commit path), and
    // batches of 5 unrelated events, until the maintenance runs are done and every contact got in.
    const lane = async (n: number) => {
      for (let i = n, round = 0; i < contacts.length || running; i += 6, round++) {
        const id = contacts[i];
        if (id) {
          const put = await t.call('PUT', `/v1/contacts/${id}`, {
            attributes: { email: `${id}@example.org` },
          });
          if (put.status !== 200) failures.push(`PUT ${id}: ${put.status}`);
          const post = await t.call('POST', '/v1/events', {
            id: `signup-${id}`,
            contactId: id,
            type: 'signed.up',
          });
          if (post.status !== 202 && post.status !== 200) failures.push(`POST ${id}: ${post.status}`);
        }
        const batch = Array.from({ length: 5 }, (_, k) => ({
          id: `view-${n}-${round}-${k}`,
          contactId: `visitor-${n}`,
          type: 'page.viewed',
        }));
        const posted = await t.call('POST', '/v1/events', { batch });
        if (posted.status !== 202 && posted.status !== 200)
          failures.push(`batch ${n}/${round}: ${posted.status}`);
        answered++;
      }
    };
    const lanes = Array.from({ length: 6 }, (_, n) => lane(n));
    // Maintenance while the load runs: the first run rotates, the next ones find nothing to do.
    const reports = [];
    const answeredAt: number[] = [];
    for (let run = 0; run < 3; run++) {
      // Each run starts once the load has moved on since the previous one.
      const since = answered;
      await eventually(async () => answered >= since + 3);
      answeredAt.push(answered);
      reports.push(
        await runRetention(sql, t.deps.logger, {
          retentionDays: RETENTION_DAYS,
          now: new Date(),
          aheadWeeks: 6,
        }),
      );
    }
    answeredAt.push(answered);
    running = false;
    await Promise.all(lanes);
    // The runs were interleaved with the load (answers between each of them).
    expect(answeredAt[0]).toBeGreaterThan(0);
    expect(answeredAt[1]).toBeGreaterThan(answeredAt[0]!);
    expect(answeredAt[2]).toBeGreaterThan(answeredAt[1]!);
    expect(failures).toEqual([]);

    // Created: the fifth and sixth week ahead of each table (the migration made four).
    const created = reports.flatMap((r) => r.created);
    for (const [table] of TABLES) {
      expect(created).toContain(partition(table, weekOf(future)));
    }
    // Dropped: both old weeks of each table, and the rows older than any week from the default.
    const dropped = reports.flatMap((r) => r.dropped);
    for (const [table] of TABLES) {
      for (const week of oldWeeks) {
        expect(dropped).toContainEqual({ table, partition: partition(table, week), rows: 30 });
        expect((await sql`select to_regclass(${partition(table, week)}) as r`)[0]!.r).toBeNull();
      }
      expect(dropped).toContainEqual({ table, partition: `${table}_default`, rows: 5 });
    }
    expect(reports[1]!.dropped).toEqual([]);
    expect(reports[2]).toEqual({ created: [], dropped: [] });

    // Everything older than the window is gone, keys included; everything inside it is there.
    for (const [table] of TABLES) {
      const [row] = await sql<{ old: number; kept: number }[]>`
        select count(*) filter (where contact_id like 'old-%')::int as old,
               count(*) filter (where contact_id like 'kept-%')::int as kept
        from ${sql(table)}`;
      expect(row).toEqual({ old: 0, kept: 2 });
    }
    const [keys] = await sql<{ old: number; kept: number }[]>`
      select count(*) filter (where id like 'old-%')::int as old, count(*) filter (where id like 'kept-%')::int as kept
      from event_keys`;
    expect(keys).toEqual({ old: 0, kept: 2 });
    // The future row moved out of the default into the week created for it.
    const [moved] = await sql<{ part: string }[]>`
      select tableoid::regclass::text as part from journey_steps where contact_id like 'kept-%' and at > now()`;
    expect(moved?.part).toBe(partition('journey_steps', weekOf(future)));

    // The load: every event stored once, every contact walked and emailed.
    const [stored] = await sql<{ signups: number; views: number; keys: number }[]>`
      select (select count(*)::int from events where id like 'signup-%') as signups,
             (select count(*)::int from events where id like 'view-%') as views,
             (select count(*)::int from event_keys where id like 'signup-%' or id like 'view-%') as keys`;
    expect(stored!.signups).toBe(contacts.length);
    expect(stored!.keys).toBe(stored!.signups + stored!.views);
    await eventually(async () => {
      const [m] = await sql<
        { n: number }[]
      >`select count(*)::int as n from messages where contact_id like 'load-%'`;
      return m!.n === contacts.length;
    }, 60_000);
    for (const id of [contacts[0]!, contacts.at(-1)!]) {
      const trace = await t.call('GET', `/v1/contacts/${id}/trace`);
      expect(trace.status).toBe(200);
      expect(trace.body.items.map((s: { nodeId: string }) => s.nodeId)).toContain('welcome');
    }
    const listed = await t.call('GET', `/v1/messages?contactId=${contacts[0]}`);
    expect(listed.body.items).toHaveLength(1);
    // Inside the window an id is still a duplicate.
    const again = await t.call('POST', '/v1/events', {
      id: `signup-${contacts[0]}`,
      contactId: contacts[0],
      type: 'signed.up',
    });
    expect(again.body.duplicates).toBe(1);

    // Audited: one entry per table and partition dropped, with its rows and the cutoff.
    const audit = await t.call('GET', '/v1/audit?action=retention.dropped&limit=100');
    expect(audit.status).toBe(200);
    const entries = audit.body.items as Array<{
      actor: string;
      subject: string;
      details: Record<string, unknown>;
      sentence: string;
    }>;
    expect(entries).toHaveLength(9);
    for (const [table] of TABLES) {
      for (const week of oldWeeks) {
        const entry = entries.find((e) => e.details.partition === partition(table, week));
        expect(entry).toMatchObject({ actor: 'system', subject: table });
        expect(entry?.details).toMatchObject({ table, rows: 30, from: week, retentionDays: RETENTION_DAYS });
        expect(Date.parse(String(entry?.details.cutoff))).toBeLessThan(
          now.getTime() - (RETENTION_DAYS - 1) * DAY,
        );
      }
    }
    expect(entries.find((e) => e.details.partition === 'events_default')?.sentence).toMatch(
      /^system deleted 5 events stored before \d{4}-\d\d-\d\d \(kept 35 days\)$/,
    );
    expect((await t.call('GET', '/v1/audit/verify')).body.ok).toBe(true);
  }, 180_000);

  it('leaves a week whose table is busy to the next run, and drops it then', async () => {
    const sql = t.db.sql;
    const week = weekOf(new Date(now.getTime() - 90 * DAY));
    await sql`select crossroads_week_partition('events', 'received_at', ${week}::date)`;
    const at = new Date(Date.parse(`${week}T12:00:00Z`));
    await sql`with k as (insert into event_keys values (${t.workspaceId}, 'busy-1'))
      insert into events (workspace_id, id, contact_id, type, occurred_at, received_at)
      values (${t.workspaceId}, 'busy-1', 'busy', 'page.viewed', ${at}, ${at})`;
    // A long report holds the table: the detach waits 3 s for it, then gives up until the next run.
    let release!: () => void;
    const reading = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const holding = new Promise<void>((resolve) => {
      started = resolve;
    });
    const report = sql.begin(async (tx) => {
      await tx`select count(*) from events where id = 'busy-1'`;
      started();
      await reading;
    });
    await holding;
    const busy = await runRetention(sql, t.deps.logger, { retentionDays: RETENTION_DAYS });
    expect(busy.dropped).toEqual([]);
    release();
    await report;
    expect((await sql`select id from events where id = 'busy-1'`).length).toBe(1);
    const later = await runRetention(sql, t.deps.logger, { retentionDays: RETENTION_DAYS });
    expect(later.dropped).toEqual([{ table: 'events', partition: partition('events', week), rows: 1 }]);
    expect(await sql`select id from event_keys where id = 'busy-1'`).toEqual([]);
  }, 60_000);
});
