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
