import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, exampleGraph, publishJourney } from '../../../test/helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;

const hotLead = {
  first_name: 'Mara',
  email: 'mara@example.com',
  lead_score: 92,
  industry: 'SaaS',
  region: 'emea',
};
const pricingView = { after: 0, type: 'page.viewed', properties: { page: 'pricing' } };

describe('operate routes', () => {
  let t: EngineApp;
  let id: string;
  beforeAll(async () => {
    t = await createEngineApp();
    id = await publishJourney(t, exampleGraph('pricing-page-handoff'));
  });
  afterAll(() => t.close());

  it('counts contacts per version, enrolments per hour and engagement per send node', async () => {
    await t.call('PUT', '/v1/contacts/ins-1', { attributes: hotLead });
    await t.call('POST', '/v1/events', {
      contactId: 'ins-1',
      type: 'page.viewed',
      properties: { page: 'pricing' },
    });
    await t.call('POST', '/v1/events', {
      contactId: 'ins-1',
      type: 'email.opened',
      properties: { workflowId: id, nodeId: 'pricing-follow-up', messageKey: 'm-1' },
    });
    const insights = await eventually(async () => {
      const res = await t.call('GET', `/v1/workflows/${id}/insights`);
      return res.body.versions?.[0]?.contacts === 1 && res.body;
    });
    expect(insights.versions[0]).toMatchObject({ version: 1, contacts: 1 });
    expect(insights.enrolments).toEqual([expect.objectContaining({ version: 1, count: 1 })]);
    expect(insights.engagement).toEqual([{ nodeId: 'pricing-follow-up', opened: 1, clicked: 0, replied: 0 }]);
    // The versions list and a version's detail count the same enrollments.
    const versions = await t.call('GET', `/v1/workflows/${id}/versions`);
    expect(versions.body.items).toEqual([expect.objectContaining({ version: 1, contacts: 1 })]);
    expect((await t.call('GET', `/v1/workflows/${id}/versions/1`)).body).toMatchObject({ contacts: 1 });
  });

  it('saves test cases, runs them against the draft and reports where each ended', async () => {
    const good = await t.call('POST', `/v1/workflows/${id}/test-cases`, {
      name: 'hot lead who opens goes to sales',
      contact: hotLead,
      events: [pricingView, { after: 'PT2H', type: 'email.opened' }],
      expectedEnd: 'hand-to-sales',
    });
    expect(good.status).toBe(201);
    const bad = await t.call('POST', `/v1/workflows/${id}/test-cases`, {
      name: 'wrong expectation',
      contact: hotLead,
      events: [pricingView],
      expectedEnd: 'case-study',
    });
    expect(bad.status).toBe(201);
    const run = await t.call('POST', `/v1/workflows/${id}/test-cases/run`, {});
    expect(run.body.passed).toBe(false);
    expect(
      run.body.results.map((r: { passed: boolean; actualEnd: string }) => [r.passed, r.actualEnd]),
    ).toEqual([
      [true, 'hand-to-sales'],
      [false, 'hand-to-sales'],
    ]);
    const listed = await t.call('GET', `/v1/workflows/${id}/test-cases`);
    expect(listed.body.items.map((c: { name: string }) => c.name)).toHaveLength(2);
    expect((await t.call('DELETE', `/v1/workflows/${id}/test-cases/${bad.body.id}`)).status).toBe(200);
    expect((await t.call('POST', `/v1/workflows/${id}/test-cases/run`, { version: 1 })).body.passed).toBe(
      true,
    );
  });

  it('records a publish override in the audit log and rejects bad input by field', async () => {
    const missing = await t.call('POST', `/v1/workflows/${id}/test-cases/override`, { failed: [] });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('reason');
    const ok = await t.call('POST', `/v1/workflows/${id}/test-cases/override`, {
      reason: 'expected change: case study retired',
      failed: ['wrong expectation'],
    });
    expect(ok.status).toBe(201);
    const audit = await t.call('GET', '/v1/audit?action=test-cases.overridden');
    expect(audit.body.items[0]).toMatchObject({ action: 'test-cases.overridden', workflowId: id });
    const badCase = await t.call('POST', `/v1/workflows/${id}/test-cases`, {
      name: 'x',
      contact: {},
      events: [],
    });
    expect(badCase.status).toBe(400);
    expect(JSON.stringify(badCase.body)).toContain('expectedEnd');
    expect((await t.call('GET', '/v1/workflows/00000000-0000-0000-0000-000000000000/insights')).status).toBe(
      404,
    );
  });
});
