import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { exampleGraph } from './testGraphs.js';

describe('segment routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const rule = { '>': [{ var: 'contact.lead_score' }, 80] };

  it('creates, reads, lists and updates segments; names are unique per workspace', async () => {
    const created = await t.call('POST', '/v1/segments', {
      name: 'hot-leads',
      description: 'Score over 80',
      rule,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'hot-leads', description: 'Score over 80', rule });
    const duplicate = await t.call('POST', '/v1/segments', { name: 'hot-leads', rule });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.problems[0].path).toBe('name');
    expect((await t.call('GET', `/v1/segments/${created.body.id}`)).body.name).toBe('hot-leads');
    expect((await t.call('GET', '/v1/segments')).body.items.map((s: { name: string }) => s.name)).toContain(
      'hot-leads',
    );
    const changed = await t.call('PATCH', `/v1/segments/${created.body.id}`, {
      rule: { '>': [{ var: 'contact.lead_score' }, 90] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.rule['>'][1]).toBe(90);
    expect(
      (await t.call('POST', '/v1/segments', { name: 'no spaces allowed', rule })).body.problems[0].path,
    ).toBe('name');
    expect((await t.call('POST', '/v1/segments', { name: 'no-rule' })).body.problems[0].path).toBe('rule');
  });

  it('refuses a rule that is not valid JSONLogic with 422 naming the place in the rule', async () => {
    const res = await t.call('POST', '/v1/segments', { name: 'bad', rule: { nope: [1, 2] } });
    expect(res.status).toBe(422);
    expect(res.body.problems[0].path).toMatch(/^rule/);
  });

  it('lists every draft and version that uses a segment, and refuses renaming or deleting it', async () => {
    const silent = await t.call('POST', '/v1/segments', { name: 'silent-30d', rule: { '==': [1, 1] } });
    const ready = await t.call('POST', '/v1/segments', { name: 'sales-ready', rule });
    const created = await t.call('POST', '/v1/workflows', {
      name: 'Win back',
      graph: exampleGraph('re-engagement'),
    });
    expect(created.body.problems.filter((p: { code: string }) => p.code === 'segment.unknown')).toEqual([]);
    const published = await t.call('POST', `/v1/workflows/${created.body.id}/versions`, { message: 'go' });
    expect(published.status).toBe(201);

    const usage = await t.call('GET', `/v1/segments/${silent.body.id}/usage`);
    expect(usage.body.items).toEqual([
      {
        workflowId: created.body.id,
        workflowName: 'Win back',
        version: 'draft',
        nodeIds: [expect.any(String)],
      },
      { workflowId: created.body.id, workflowName: 'Win back', version: 1, nodeIds: [expect.any(String)] },
    ]);
    const rename = await t.call('PATCH', `/v1/segments/${ready.body.id}`, { name: 'sales-ready-2' });
    expect(rename.status).toBe(409);
    expect(rename.body.usedBy).toHaveLength(2);
    expect(rename.body.detail).toContain("'Win back' v1");
    const del = await t.call('DELETE', `/v1/segments/${silent.body.id}`);
    expect(del.status).toBe(409);
    // The rule itself may change while in use: that is what named segments are for.
    expect((await t.call('PATCH', `/v1/segments/${ready.body.id}`, { description: 'SLA v2' })).status).toBe(
      200,
    );
  });

  it('deletes an unused segment and answers 404 afterwards', async () => {
    const created = await t.call('POST', '/v1/segments', { name: 'temp', rule });
    expect((await t.call('DELETE', `/v1/segments/${created.body.id}`)).status).toBe(200);
    expect((await t.call('GET', `/v1/segments/${created.body.id}`)).status).toBe(404);
    expect((await t.call('GET', `/v1/segments/${created.body.id}/usage`)).status).toBe(404);
  });
});
