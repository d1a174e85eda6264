import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { validGraph } from './testGraphs.js';

const HOT = {
  email: 'mara@example.com',
  first_name: 'Mara',
  lead_score: 92,
  industry: 'SaaS',
  region: 'emea',
};
const OPENS = [
  { after: 'PT0S', type: 'page.viewed', properties: { page: 'pricing' } },
  { after: 'PT2H', type: 'email.opened' },
];

describe('publishing through the API', () => {
  let t: TestApp;
  let publisherKey: string;
  beforeAll(async () => {
    t = await createTestApp();
    publisherKey = (await t.call('POST', '/v1/api-keys', { name: 'Ana', role: 'publisher' })).body.key;
  });
  afterAll(() => t.close());

  const newWorkflow = async () =>
    (await t.call('POST', '/v1/workflows', { name: 'Pricing', graph: validGraph() })).body.id as string;
  const publish = (id: string, body: Record<string, unknown>) =>
    t.call('POST', `/v1/workflows/${id}/versions`, body, publisherKey);
  const edit = (id: string, description: string) =>
    t.call('PUT', `/v1/workflows/${id}/draft`, { graph: { ...validGraph(), description } });
  const actions = async (id: string) =>
    (await t.call('GET', `/v1/audit?workflowId=${id}`)).body.items.map((e: { action: string }) => e.action);

  it('runs the saved test cases and answers 422 naming each failing one', async () => {
    const id = await newWorkflow();
    for (const [name, expectedEnd] of [
      ['Hot lead who opens goes to sales', 'hand-to-sales'],
      ['Hot lead gets the case study (outdated)', 'case-study'],
      ['Everyone gets the case study (outdated)', 'case-study'],
    ]) {
      const created = await t.call('POST', `/v1/workflows/${id}/test-cases`, {
        name,
        contact: HOT,
        events: OPENS,
        expectedEnd,
      });
      expect(created.status).toBe(201);
    }
    const refused = await publish(id, { message: 'Copy tweaks' });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(
      /^2 of 3 saved test cases fail: 'Hot lead gets the case study \(outdated\)'/,
    );
    expect(refused.body.detail).toContain("'Everyone gets the case study (outdated)'");
    expect(refused.body.detail).toContain('ended at hand-to-sales');
    expect(refused.body.failedTests.map((f: { name: string }) => f.name)).toEqual([
      'Hot lead gets the case study (outdated)',
      'Everyone gets the case study (outdated)',
    ]);
    expect(refused.body.problems).toHaveLength(2);
    expect((await t.call('GET', `/v1/workflows/${id}/versions`)).body.items).toEqual([]);

    const blank = await publish(id, { message: 'Copy tweaks', override: { reason: ' ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.problems[0].path).toBe('override.reason');

    const published = await publish(id, {
      message: 'Copy tweaks',
      override: { reason: 'The case-study expectations predate the score change' },
    });
    expect(published.status).toBe(201);
    const { items } = (await t.call('GET', `/v1/audit?workflowId=${id}&limit=2`)).body;
    expect(items.map((e: { action: string }) => e.action)).toEqual([
      'version.published',
      'test-cases.overridden',
    ]);
    expect(items[1].details).toMatchObject({
      reason: 'The case-study expectations predate the score change',
      failed: ['Hot lead gets the case study (outdated)', 'Everyone gets the case study (outdated)'],
      version: 1,
    });
    expect(items[0].details).toMatchObject({
      tests: { run: 3, failed: 2 },
      override: { failed: expect.any(Array) },
    });
    expect(items[0].sentence).toBe(
      "Ana (publisher) published 'Pricing' v1: 'Copy tweaks' over 2 failing test cases ('The case-study expectations predate the score change')",
    );
  });

  it('answers 409 with the version number when the content equals the latest version', async () => {
    const id = await newWorkflow();
    expect((await publish(id, { message: 'first' })).status).toBe(201);
    const same = await publish(id, { message: 'again' });
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({ version: 1 });
    expect(same.body.detail).toContain('same as version 1');
    await edit(id, 'changed');
    expect((await publish(id, { message: 'second' })).body.version).toBe(2);
    // Back to v1's content: v1 is not the latest, so this is a new version.
    await t.call('PUT', `/v1/workflows/${id}/draft`, { graph: validGraph() });
    expect((await publish(id, { message: 'back' })).body.version).toBe(3);
  });

  it('publishes and goes live in one step, one audit entry each', async () => {
    const id = await newWorkflow();
    const res = await publish(id, { message: 'Launch', activate: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 1, active: true });
    expect(res.body.history).toEqual([expect.objectContaining({ kind: 'activated', by: 'Ana (publisher)' })]);
    expect((await t.call('GET', `/v1/workflows/${id}`)).body).toMatchObject({
      status: 'active',
      activeVersion: 1,
    });
    expect((await actions(id)).slice(0, 2)).toEqual(['workflow.activated', 'version.published']);
  });

  it('carries the activation history of each version: who, when, why', async () => {
    const id = await newWorkflow();
    await publish(id, { message: 'v1', activate: true });
    await edit(id, 'v2');
    await publish(id, { message: 'v2', activate: true });
    await t.call('POST', `/v1/workflows/${id}/pause`, { reason: 'copy review' }, publisherKey);
    await t.call('POST', `/v1/workflows/${id}/activate`, {
      version: 1,
      reason: 'v2 hands cold leads to sales',
    });
    const { items } = (await t.call('GET', `/v1/workflows/${id}/versions`)).body;
    const kinds = (v: { history: Array<{ kind: string; otherVersion: number | null }> }) =>
      v.history.map((h) => `${h.kind}${h.otherVersion ? ` ${h.otherVersion}` : ''}`);
    expect(kinds(items[1])).toEqual(['activated', 'replaced 2', 'rolled-back 2']);
    expect(kinds(items[0])).toEqual(['activated 1', 'paused', 'replaced 1']);
    expect(items[0].history[1]).toMatchObject({ by: 'Ana (publisher)', reason: 'copy review' });
    expect(items[1].history[2]).toMatchObject({
      by: 'first-boot admin (admin)',
      reason: 'v2 hands cold leads to sales',
    });
    expect(items[1].history[2].seq).toBeGreaterThan(items[0].history[1].seq);
    const one = await t.call('GET', `/v1/workflows/${id}/versions/2`);
    expect(one.body.history).toEqual(items[0].history);
  });
});
