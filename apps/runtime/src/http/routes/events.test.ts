import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

const at = { x: 0, y: 0 };

/** signup by a contact on the pro plan → wait for a purchase; goal: meeting.booked. */
const proSignupJourney: GraphInput = {
  schemaVersion: 1,
  id: 'pro-signup',
  name: 'Pro signup',
  settings: { reentry: 'once', goal: { event: 'meeting.booked' } },
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      version: 1,
      position: at,
      config: { on: 'event', event: 'signup', filter: { '==': [{ var: 'contact.plan' }, 'pro'] } },
    },
    {
      id: 'wait-purchase',
      type: 'wait',
      version: 1,
      position: at,
      config: { mode: 'event', event: 'purchase', timeout: 'PT1H' },
    },
  ],
  edges: [{ id: 'a', source: 'start', sourceHandle: 'next', target: 'wait-purchase' }],
};

const event = (id: string, contactId: string, type = 'page.viewed') => ({
  id,
  contactId,
  type,
  properties: { n: id },
  timestamp: '2026-11-24T10:00:00.000Z',
});

describe('POST /v1/events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const created = await t.call('POST', '/v1/workflows', { graph: proSignupJourney });
    const published = await t.call('POST', `/v1/workflows/${created.body.id}/versions`, { message: 'v1' });
    const activated = await t.call('POST', `/v1/workflows/${created.body.id}/activate`, {
      version: published.body.version,
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  });
  afterAll(() => t.close());

  const stored = async (prefix: string) =>
    (await t.db.sql`select id from events where id like ${`${prefix}%`} order by id`).map((r) => r.id);

  it('stores a batch once and creates its contacts; a repeat stores only the new events', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => event(`once-${i}`, `once-c${i % 7}`));
    const first = await t.call('POST', '/v1/events', { batch });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ accepted: 30, duplicates: 0, enrolled: 0 });
    const contacts = await t.db.sql`select id from contacts where id like 'once-c%'`;
    expect(contacts).toHaveLength(7);

    const again = await t.call('POST', '/v1/events', {
      batch: [...batch.slice(0, 10), event('once-new', 'once-c99'), event('once-new', 'once-c99')],
    });
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 11 });
    expect(await stored('once-')).toHaveLength(31);
    expect(await t.db.sql`select id from contacts where id = 'once-c99'`).toHaveLength(1);
  });

  it('stores each event once when the same batch arrives twice at the same time', async () => {
    const batch = Array.from({ length: 200 }, (_, i) => event(`race-${i}`, `race-c${i % 50}`));
    const [a, b] = await Promise.all([
      t.call('POST', '/v1/events', { batch }),
      t.call('POST', '/v1/events', { batch }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.accepted + b.body.accepted).toBe(200);
    expect(a.body.duplicates + b.body.duplicates).toBe(200);
    expect(await stored('race-')).toHaveLength(200);
  });

  it('refuses a bad event of a batch alone, naming its index, and stores the others', async () => {
    const batch: Array<Record<string, unknown>> = Array.from({ length: 20 }, (_, i) =>
      event(`bad-${i}`, 'bad'),
    );
    batch[12] = { ...batch[12], contactId: '' };
    batch[14] = { ...batch[14], properties: { 'k\u0000': 1 } };
    batch[17] = { ...batch[17], timestamp: '0000-01-01T00:00:00Z' };
    const res = await t.call('POST', '/v1/events', { batch });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 17, duplicates: 0 });
    expect(res.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [12, 'batch[12].contactId'],
      [14, 'batch[14].properties.k\u0000'],
      [17, 'batch[17].timestamp'],
    ]);
    expect(await stored('bad-')).toHaveLength(17);
    // Sent again (a retry), the stored ones are duplicates and the bad ones are refused again.
    const again = await t.call('POST', '/v1/events', { batch });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 17 });
    expect(again.body.rejected).toHaveLength(3);
  });

  it('answers 400 naming the field when no event of a batch can be stored', async () => {
    const res = await t.call('POST', '/v1/events', {
      batch: [
        { ...event('none-1', 'none'), contactId: '' },
        { ...event('none-2', 'none'), id: 'x\ud800' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^batch\[0\]\.contactId: /);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual([
      'batch[0].contactId',
      'batch[1].id',
    ]);
    expect(await stored('none-')).toEqual([]);
  });

  it('stores timestamps as the instant they name, in milliseconds', async () => {
    await t.call('POST', '/v1/events', {
      batch: [
        { ...event('ts-1', 'ts'), timestamp: '2026-11-24T12:00:00.123456+02:00' },
        { ...event('ts-2', 'ts'), timestamp: '2026-11-24T10:00:00Z' },
      ],
    });
    const rows = await t.db.sql<{ id: string; at: string }[]>`
      select id, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at
      from events where contact_id = 'ts' order by id`;
    expect(rows.map((r) => r.at)).toEqual(['2026-11-24T10:00:00.123000', '2026-11-24T10:00:00.000000']);
  });

  it("enrolls by the trigger's filter over the contact, and converts a live enrollment on its goal", async () => {
    await t.call('PUT', '/v1/contacts/pro-1', { attributes: { plan: 'pro' } });
    await t.call('PUT', '/v1/contacts/free-1', { attributes: { plan: 'free' } });
    const signups = await t.call('POST', '/v1/events', {
      batch: [
        event('sig-1', 'free-1', 'signup'),
        event('sig-2', 'pro-1', 'signup'),
        event('sig-3', 'pro-1', 'page.viewed'),
      ],
    });
    expect(signups.body).toMatchObject({ accepted: 3, enrolled: 1 });
    const enrolled = await t.db
      .sql`select contact_id, event_id from enrollments where workspace_id = ${t.workspaceId}`;
    expect(enrolled).toEqual([{ contactId: 'pro-1', eventId: 'sig-2' }]);

    const goal = await t.call('POST', '/v1/events', {
      batch: [event('goal-1', 'free-1', 'meeting.booked'), event('goal-2', 'pro-1', 'meeting.booked')],
    });
    expect(goal.body).toMatchObject({ accepted: 2, converted: 1 });
    const [row] = await t.db.sql`select state from enrollments where contact_id = 'pro-1'`;
    expect(row?.state).toBe('converted');
  });
});

describe('POST /v1/events with trigger filters that fail on the data', () => {
  let t: TestApp;
  /** Enrols on `tagged` when its tags include "x" or its list merges to anything: JSONLogic that can throw or run long. */
  const hostileFilter: GraphInput = {
    ...proSignupJourney,
    id: 'hostile-filter',
    settings: { reentry: 'once' },
    nodes: [
      {
        id: 'start',
        type: 'trigger',
        version: 1,
        position: at,
        config: {
          on: 'event',
          event: 'tagged',
          filter: {
            or: [
              { in: ['x', { var: 'event.properties.tags' }] },
              {
                reduce: [
                  { var: 'event.properties.xs' },
                  { merge: [{ var: 'accumulator' }, [{ var: 'current' }]] },
                  [],
                ],
              },
            ],
          },
        },
      },
      proSignupJourney.nodes[1]!,
    ],
  };
  beforeAll(async () => {
    t = await createTestApp();
    const created = await t.call('POST', '/v1/workflows', { graph: hostileFilter });
    await t.call('POST', `/v1/workflows/${created.body.id}/versions`, { message: 'v1' });
    expect((await t.call('POST', `/v1/workflows/${created.body.id}/activate`, { version: 1 })).status).toBe(
      200,
    );
  });
  afterAll(() => t.close());

  it('stores the events and does not enrol where the filter throws or passes its work limit', async () => {
    const tagged = (id: string, properties: Record<string, unknown>) => ({
      id,
      contactId: id,
      type: 'tagged',
      properties,
    });
    const res = await t.call('POST', '/v1/events', {
      batch: [
        // json-logic-js calls `indexOf` of the haystack: own data there throws
        tagged('quirk', { tags: { indexOf: 1 } }),
        // 30,000 items merged one by one: 450 million copies, stopped by the work limit
        tagged('huge', { xs: Array.from({ length: 30_000 }, (_, i) => i) }),
        tagged('fine', { tags: ['x'] }),
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 3, enrolled: 1, rejected: [] });
    const enrolled = await t.db.sql`select contact_id from enrollments`;
    expect(enrolled.map((row) => row.contactId)).toEqual(['fine']);
  });
});
