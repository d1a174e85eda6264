import { exitRuleOf } from '@crossroads/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../src/testing/testApp.js';
import { exampleGraph } from './helpers.js';

describe('exit rules in the runtime', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp();
    const graph = exampleGraph('pricing-page-handoff');
    graph.settings = { ...graph.settings, exits: [{ label: 'Cancelled', event: 'subscription.cancelled' }] };
    id = (await t.call('POST', '/v1/workflows', { name: 'Pricing', graph })).body.id;
    const published = await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1', activate: true });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  });
  afterAll(() => t.close());

  const event = (type: string, contactId: string, properties: Record<string, unknown> = {}) => ({
    id: `${type}-${contactId}`,
    contactId,
    type,
    properties,
    timestamp: '2026-11-24T10:00:00.000Z',
  });

  it('ends the enrollment as exited on the rule event, explains it in the trace, and counts it', async () => {
    await t.call('POST', '/v1/events', {
      batch: ['x-1', 'x-2'].map((c) => event('page.viewed', c, { page: 'pricing' })),
    });
    await t.call('POST', '/v1/events', event('subscription.cancelled', 'x-1'));
    const rows = await t.db.sql<{ contactId: string; state: string }[]>`
      select contact_id, state from enrollments where workflow_id = ${id} order by contact_id`;
    expect(rows.map((r) => [r.contactId, r.state])).toEqual([
      ['x-1', 'exited'],
      ['x-2', 'active'],
    ]);
    const trace = await t.call('GET', '/v1/contacts/x-1/trace');
    expect(JSON.stringify(trace.body)).toContain("Exit rule 'Cancelled': subscription.cancelled arrived");
    const stats = await t.call('GET', `/v1/workflows/${id}/stats`);
    expect(stats.body.enrollments.exited).toBe(1);
    const trigger = stats.body.nodes.find((n: { nodeId: string }) => n.nodeId === 'viewed-pricing');
    expect(trigger.ended.exited).toBe(1);
  });
});

describe('exit rules on contact updates', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp();
    const segment = await t.call('POST', '/v1/segments', {
      name: 'engaged',
      rule: { '>=': [{ var: 'contact.score' }, 50] },
    });
    expect(segment.status, JSON.stringify(segment.body)).toBe(201);
    const graph = exampleGraph('pricing-page-handoff');
    graph.settings = {
      ...graph.settings,
      exits: [
        exitRuleOf({ kind: 'attribute', label: 'Downgraded', attribute: 'plan', to: 'free' }),
        exitRuleOf({ kind: 'attribute', label: 'Owner changed', attribute: 'owner' }),
        exitRuleOf({ kind: 'left-segment', label: 'No longer engaged', segment: 'engaged' }),
      ],
    };
    id = (await t.call('POST', '/v1/workflows', { name: 'Pricing', graph })).body.id;
    const published = await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1', activate: true });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    for (const contact of ['a-1', 'a-2', 'a-3', 'a-4']) {
      await t.call('PUT', `/v1/contacts/${contact}`, {
        attributes: { plan: 'pro', owner: 'ana', score: 70 },
      });
    }
    await t.call('POST', '/v1/events', {
      batch: ['a-1', 'a-2', 'a-3', 'a-4'].map((c) => ({
        id: `view-${c}`,
        contactId: c,
        type: 'page.viewed',
        properties: { page: 'pricing' },
        timestamp: '2026-11-24T10:00:00.000Z',
      })),
    });
  });
  afterAll(() => t.close());

  const states = async () =>
    Object.fromEntries(
      (
        await t.db.sql<{ contactId: string; state: string }[]>`
          select contact_id, state from enrollments where workflow_id = ${id} order by contact_id`
      ).map((r) => [r.contactId, r.state]),
    );

  it('ends an enrollment when an attribute changes (to the named value), with the change in words in the trace', async () => {
    expect(Object.values(await states())).toEqual(['active', 'active', 'active', 'active']);
    // Another value of the attribute, or another attribute: nothing ends.
    await t.call('PUT', '/v1/contacts/a-1', { attributes: { plan: 'team', city: 'Oslo' } });
    expect((await states())['a-1']).toBe('active');
    await t.call('PUT', '/v1/contacts/a-1', { attributes: { plan: 'free' } });
    await t.call('PUT', '/v1/contacts/a-2', { attributes: { owner: 'ben' } });
    expect(await states()).toEqual({ 'a-1': 'exited', 'a-2': 'exited', 'a-3': 'active', 'a-4': 'active' });
    const trace = JSON.stringify((await t.call('GET', '/v1/contacts/a-1/trace')).body);
    expect(trace).toContain("Exit rule 'Downgraded': 'plan' changed to 'free'");
    expect(JSON.stringify((await t.call('GET', '/v1/contacts/a-2/trace')).body)).toContain(
      "Exit rule 'Owner changed': 'owner' changed to 'ben'",
    );
  });

  it('ends an enrollment when the contact leaves a segment an exit rule names (not a trigger segment)', async () => {
    await t.call('PUT', '/v1/contacts/a-3', { attributes: { score: 60 } });
    expect((await states())['a-3']).toBe('active');
    await t.call('PUT', '/v1/contacts/a-3', { attributes: { score: 10 } });
    expect((await states())['a-3']).toBe('exited');
    expect(JSON.stringify((await t.call('GET', '/v1/contacts/a-3/trace')).body)).toContain(
      "Exit rule 'No longer engaged': left the segment 'engaged'",
    );
    const stats = await t.call('GET', `/v1/workflows/${id}/stats`);
    expect(stats.body.enrollments.exited).toBe(3);
  });

  it('stores no event for a contact in no journey with such a rule', async () => {
    await t.call('PUT', '/v1/contacts/outsider', { attributes: { plan: 'pro' } });
    await t.call('PUT', '/v1/contacts/outsider', { attributes: { plan: 'free' } });
    const [row] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from events where contact_id = 'outsider' and type = 'attribute.changed'`;
    expect(row?.n).toBe(0);
  });
});
