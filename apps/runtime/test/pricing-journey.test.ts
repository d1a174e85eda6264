import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, exampleGraph, publishJourney } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;

/** The pricing-page example with its two-day wait shortened to one second. */
function pricingGraph() {
  const graph = exampleGraph('pricing-page-handoff');
  const wait = graph.nodes.find((n) => n.id === 'wait-for-open')!;
  wait.config = { ...wait.config, timeout: 'PT1S' };
  return graph;
}

describe('pricing-page-handoff end to end', () => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await createEngineApp();
    await publishJourney(t, pricingGraph());
  });
  afterAll(() => t.close());

  const enrollment = (contactId: string) =>
    t.db.sql`select * from enrollments where contact_id = ${contactId}`.then((rows) => rows[0]);
  const steps = (contactId: string) =>
    t.db.sql<{ nodeId: string; output: string | null }[]>`
      select node_id, output from journey_steps where contact_id = ${contactId} order by id`;

  it('hands a hot lead who opens the email to sales, and records every step', async () => {
    await t.db.sql`insert into contacts (workspace_id, id, attributes) values (${t.workspaceId}, 'hot-1',
      ${t.db.sql.json({ email: 'mara@example.com', first_name: 'Mara', lead_score: 92, industry: 'SaaS', region: 'emea' })})`;
    const sent = await t.call('POST', '/v1/events', {
      id: 'ev-1',
      contactId: 'hot-1',
      type: 'page.viewed',
      properties: { page: 'pricing' },
    });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ accepted: 1, duplicates: 0, enrolled: 1 });
    await eventually(async () => (await enrollment('hot-1'))?.state === 'waiting');
    const email = await eventually(async () => {
      const [row] = await t.db.sql`select * from messages where contact_id = 'hot-1'`;
      return row?.caughtCount === 1 && row;
    });
    expect(email).toMatchObject({
      toAddress: 'mara@example.com',
      subject: 'Mara, questions about Lumen pricing?',
    });
    const opened = await t.call('POST', '/v1/events', { contactId: 'hot-1', type: 'email.opened' });
    expect(opened.body).toMatchObject({ resumed: 1 });
    await eventually(async () => (await enrollment('hot-1'))?.state === 'completed');
    expect((await steps('hot-1')).map((s) => [s.nodeId, s.output])).toEqual([
      ['viewed-pricing', 'next'],
      ['pricing-follow-up', 'next'],
      ['wait-for-open', null],
      ['wait-for-open', 'event'],
      ['qualify', 'hot-saas'],
      ['hand-to-sales', 'next'],
    ]);
    const handoff = await eventually(async () => {
      const [row] = await t.db.sql`select * from effects where contact_id = 'hot-1' and kind = 'handoff'`;
      return row?.state === 'sent' && row;
    });
    expect(handoff.payload.delivery).toMatchObject({ owner: 'ana.ruiz@lumen.example', channel: 'ledger' });
  });

  it('times out to the gate and sends a cold lead the case study', async () => {
    await t.db.sql`insert into contacts (workspace_id, id, attributes) values (${t.workspaceId}, 'cold-1',
      ${t.db.sql.json({ email: 'cold@example.com', lead_score: 10 })})`;
    await t.call('POST', '/v1/events', {
      contactId: 'cold-1',
      type: 'page.viewed',
      properties: { page: 'pricing' },
    });
    await eventually(async () => (await enrollment('cold-1'))?.state === 'completed');
    expect((await steps('cold-1')).map((s) => s.output)).toEqual([
      'next',
      'next',
      null,
      'timeout',
      'else',
      'next',
    ]);
    const subjects = await eventually(async () => {
      const rows = await t.db
        .sql`select subject from messages where contact_id = 'cold-1' and caught_count = 1`;
      return rows.length === 2 && rows.map((r) => r.subject);
    });
    expect(subjects).toContain('How Brightside cut weekly reporting from a day to an hour');
  });

  it('ignores other pages, duplicate event ids and a second visit (re-entry once)', async () => {
    const blog = await t.call('POST', '/v1/events', {
      contactId: 'x-1',
      type: 'page.viewed',
      properties: { page: 'blog' },
    });
    expect(blog.body).toMatchObject({ accepted: 1, enrolled: 0 });
    const again = await t.call('POST', '/v1/events', {
      id: 'ev-1',
      contactId: 'hot-1',
      type: 'page.viewed',
      properties: { page: 'pricing' },
    });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, enrolled: 0 });
    const revisit = await t.call('POST', '/v1/events', {
      contactId: 'hot-1',
      type: 'page.viewed',
      properties: { page: 'pricing' },
    });
    expect(revisit.body).toMatchObject({ accepted: 1, enrolled: 0 });
    const rows = await t.db.sql`select id from enrollments where contact_id = 'hot-1'`;
    expect(rows).toHaveLength(1);
  });
});
