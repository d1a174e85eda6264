import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, exampleGraph, publishJourney } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;

function pricingGraph() {
  const graph = exampleGraph('pricing-page-handoff');
  const wait = graph.nodes.find((n) => n.id === 'wait-for-open')!;
  wait.config = { ...wait.config, timeout: 'PT1S' };
  return graph;
}

describe('contacts, trace, stats, simulation, messages and handoffs', () => {
  let t: EngineApp;
  let workflowId: string;
  let otherKey: string;
  beforeAll(async () => {
    t = await createEngineApp();
    workflowId = await publishJourney(t, pricingGraph());
    const other = await t.call('POST', '/v1/workspaces', { name: 'Other' });
    expect(other.status).toBe(201);
    otherKey = other.body.adminKey;
    const hot = {
      email: 'mara@example.com',
      first_name: 'Mara',
      lead_score: 92,
      industry: 'SaaS',
      region: 'amer',
    };
    expect((await t.call('PUT', '/v1/contacts/mara', { attributes: hot })).status).toBe(200);
    await t.call('POST', '/v1/events', {
      contactId: 'mara',
      type: 'page.viewed',
      properties: { page: 'pricing' },
    });
    await eventually(async () => {
      const [row] = await t.db.sql`select state from enrollments where contact_id = 'mara'`;
      return row?.state === 'waiting';
    });
    // Opened once it went out: the handoff that follows stops marketing, so a still-pending email would be skipped.
    await eventually(async () => {
      const [row] = await t.db.sql`select state from effects where contact_id = 'mara' and kind = 'email'`;
      return row?.state === 'sent';
    });
    await t.call('POST', '/v1/events', { contactId: 'mara', type: 'email.opened' });
    await eventually(async () => {
      const rows = await t.db.sql`select state from effects where contact_id = 'mara' and state = 'sent'`;
      return rows.length === 2;
    });
  });
  afterAll(() => t.close());

  it('merges contact attributes and removes the ones set to null', async () => {
    const put = await t.call('PUT', '/v1/contacts/mara', { attributes: { plan: 'growth', region: null } });
    expect(put.body.attributes).toMatchObject({ first_name: 'Mara', lead_score: 92, plan: 'growth' });
    expect(put.body.attributes).not.toHaveProperty('region');
    const got = await t.call('GET', '/v1/contacts/mara');
    expect(got.body).toMatchObject({ id: 'mara', attributes: { plan: 'growth' } });
    expect(got.body.enrollments[0]).toMatchObject({ workflowId, state: 'completed', version: 1 });
    const bad = await t.call('PUT', '/v1/contacts/mara', { attributes: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('attributes');
  });

  it('explains every step of the trace: node, version, decision and the values rules read', async () => {
    const trace = await t.call('GET', '/v1/contacts/mara/trace');
    expect(trace.status).toBe(200);
    const steps = trace.body.items;
    expect(steps.map((s: { nodeId: string }) => s.nodeId)).toEqual([
      'viewed-pricing',
      'pricing-follow-up',
      'wait-for-open',
      'wait-for-open',
      'qualify',
      'hand-to-sales',
    ]);
    expect(steps[0]).toMatchObject({ workflowId, version: 1, workflowName: 'Pricing page → sales handoff' });
    expect(steps[4]).toMatchObject({
      output: 'hot-saas',
      reason: {
        summary: "Branch 'Hot SaaS lead' matched",
        details: { reads: { 'contact.lead_score': 92, 'contact.industry': 'SaaS' } },
      },
    });
    expect(steps[3].reason.summary).toBe('email.opened arrived');
    // The send and the handoff say what the contact actually got, rendered, and what became of it.
    expect(steps[1].delivery).toMatchObject({
      kind: 'email',
      state: 'sent',
      subject: 'Mara, questions about Lumen pricing?',
      to: 'mara@example.com',
    });
    expect(steps[5].delivery).toMatchObject({
      kind: 'handoff',
      state: 'delivered-to-ledger',
      owner: 'james.okafor@lumen.example',
      note: expect.stringContaining('Mara'),
    });
    expect(steps[0].delivery).toBeNull();
  });

  it('counts per node: entered, outputs, emails and handoffs', async () => {
    const stats = await t.call('GET', `/v1/workflows/${workflowId}/stats?version=1`);
    expect(stats.status).toBe(200);
    const byNode = Object.fromEntries(stats.body.nodes.map((n: { nodeId: string }) => [n.nodeId, n]));
    expect(byNode['viewed-pricing']).toMatchObject({ entered: 1, outputs: { next: 1 } });
    expect(byNode['wait-for-open']).toMatchObject({ entered: 1, outputs: { event: 1 }, waiting: 0 });
    expect(byNode['pricing-follow-up'].emails).toEqual({ sent: 1 });
    expect(byNode['hand-to-sales']).toMatchObject({ handoffs: { sent: 1 }, ended: { completed: 1 } });
    expect(stats.body.enrollments).toEqual({ completed: 1 });
  });

  it('lists messages and handoffs with their delivery state', async () => {
    const messages = await t.call('GET', `/v1/messages?contactId=mara&workflowId=${workflowId}`);
    expect(messages.body.items).toHaveLength(1);
    expect(messages.body.items[0]).toMatchObject({
      state: 'sent',
      nodeId: 'pricing-follow-up',
      message: { to: 'mara@example.com', subject: 'Mara, questions about Lumen pricing?' },
    });
    expect(messages.body.items[0].message.headers['List-Unsubscribe-Post']).toBe(
      'List-Unsubscribe=One-Click',
    );
    const handoffs = await t.call('GET', '/v1/handoffs');
    expect(handoffs.body.items[0]).toMatchObject({
      // No CRM endpoint in this workspace: recording it is the delivery.
      state: 'delivered-to-ledger',
      priority: 'high',
      signals: { 'contact.lead_score': 92, 'contact.industry': 'SaaS' },
      delivery: { owner: 'james.okafor@lumen.example', team: 'Mid-market AE' },
    });
    expect(handoffs.body.items[0].delivery.note).toContain('Mara');
    // The list's note is the rendered one; the template stays beside it.
    expect(handoffs.body.items[0].note).toBe(handoffs.body.items[0].delivery.note);
    expect(handoffs.body.items[0].noteTemplate).toContain('{{ contact.first_name');
    expect((await t.call('GET', '/v1/messages?workflowId=nope')).status).toBe(400);
  });

  it('simulates the draft on a virtual clock without side effects', async () => {
    const before = await t.db.sql`select count(*)::int as n from journey_steps`;
    const sim = await t.call('POST', `/v1/workflows/${workflowId}/simulate`, {
      contact: { lead_score: 50 },
      events: [
        { after: 0, type: 'page.viewed', properties: { page: 'pricing' } },
        { after: 'PT3S', type: 'email.opened' },
      ],
      start: '2026-03-02T10:00:00Z',
    });
    expect(sim.status).toBe(200);
    expect(sim.body.outcome).toBe('completed');
    expect(sim.body.waits[0]).toMatchObject({ resumedBy: 'timeout', resumedAt: '2026-03-02T10:00:01.000Z' });
    expect(sim.body.path.at(-1)).toMatchObject({ nodeId: 'case-study' });
    expect(sim.body.effects.map((e: { effect: { kind: string } }) => e.effect.kind)).toEqual([
      'email',
      'email',
    ]);
    const after = await t.db.sql`select count(*)::int as n from journey_steps`;
    expect(after).toEqual(before);
    const bad = await t.call('POST', `/v1/workflows/${workflowId}/simulate`, {
      contact: {},
      events: [{ after: 'soon', type: 'x' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('events[0].after');
    const broken = await t.call('POST', `/v1/workflows/${workflowId}/simulate`, {
      graph: {
        ...pricingGraph(),
        nodes: [{ id: 'x', type: 'nope', version: 1, position: { x: 0, y: 0 }, config: {} }],
        edges: [],
      },
      contact: {},
      events: [],
    });
    expect(broken.status).toBe(422);
    expect(broken.body.detail).toContain("'x'");
  });

  it("answers 404 for another workspace's contacts, workflows and ledger", async () => {
    expect((await t.call('GET', '/v1/contacts/mara', undefined, otherKey)).status).toBe(404);
    expect((await t.call('GET', '/v1/contacts/mara/trace', undefined, otherKey)).status).toBe(404);
    expect((await t.call('DELETE', '/v1/contacts/mara', undefined, otherKey)).status).toBe(404);
    expect((await t.call('GET', `/v1/workflows/${workflowId}/stats`, undefined, otherKey)).status).toBe(404);
    const sim = await t.call(
      'POST',
      `/v1/workflows/${workflowId}/simulate`,
      { contact: {}, events: [] },
      otherKey,
    );
    expect(sim.status).toBe(404);
    expect((await t.call('GET', '/v1/messages', undefined, otherKey)).body.items).toEqual([]);
    expect((await t.call('GET', '/v1/handoffs', undefined, otherKey)).body.items).toEqual([]);
    const event = await t.call('POST', '/v1/events', { contactId: 'mara', type: 'email.opened' }, otherKey);
    expect(event.body).toMatchObject({ accepted: 1, resumed: 0, enrolled: 0 });
  });

  it('refuses malformed events with a 4xx naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ type: 'page.viewed' }, 'contactId'],
      [{ contactId: 'a', type: 'has spaces' }, 'type'],
      [{ contactId: 'a', type: 'x', timestamp: 'yesterday' }, 'timestamp'],
      [{ contactId: 'a', type: 'x', properties: [1] }, 'properties'],
      [{ batch: [] }, 'batch'],
      // A batch stores its valid events (see events.test.ts); one with none answers 400.
      [
        {
          batch: [
            { contactId: 'a', type: 'has spaces' },
            { contactId: 5, type: 'x' },
          ],
        },
        'batch[0].type',
      ],
      [{ batch: Array.from({ length: 1001 }, () => ({ contactId: 'a', type: 'x' })) }, 'batch'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', '/v1/events', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.detail).toContain(field);
    }
    expect((await t.call('POST', '/v1/events', '{not json')).status).toBe(400);
  });

  it("erases the contact's personal data everywhere and audits it without naming them", async () => {
    const erased = await t.call('DELETE', '/v1/contacts/mara');
    expect(erased.status).toBe(200);
    expect(erased.body.counts).toMatchObject({ contacts: 1, events: 2, enrollments: 1, messages: 1 });
    expect((await t.call('GET', '/v1/contacts/mara')).status).toBe(404);
    const ws = t.workspaceId;
    const leftovers = await t.db.sql`
      select (select count(*) from events where workspace_id = ${ws} and contact_id = 'mara')
        + (select count(*) from journey_steps where workspace_id = ${ws} and contact_id = 'mara')
        + (select count(*) from effects where workspace_id = ${ws} and contact_id = 'mara')
        + (select count(*) from messages where workspace_id = ${ws} and contact_id = 'mara')
        + (select count(*) from enrollments where workspace_id = ${ws} and contact_id = 'mara') as n`;
    expect(Number(leftovers[0]?.n)).toBe(0);
    const dump = JSON.stringify(await t.db.sql`select e.payload, s.reason from effects e, journey_steps s`);
    expect(dump).not.toContain('Mara');
    // What the walk rendered for delivery (effects.prepared) holds the address and the body: gone too.
    expect(JSON.stringify(await t.db.sql`select prepared from effects`)).not.toContain('mara@');
    // ...kept beside the ledger row since migration 230.
    expect(JSON.stringify(await t.db.sql`select prepared from effect_renderings`)).not.toContain('mara@');
    const [audit] = await t.db.sql`select * from audit_log where action = 'contact.erased'`;
    expect(JSON.stringify(audit)).not.toContain('mara');
    const stats = await t.call('GET', `/v1/workflows/${workflowId}/stats`);
    expect(stats.body.enrollments).toEqual({ completed: 1 });
  });
});
