import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { validGraph } from './testGraphs.js';

const names = (body: { items: Array<{ name: string }> }) => body.items.map((w) => w.name).sort();

describe('journey list actions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = async (name: string) =>
    (await t.call('POST', '/v1/workflows', { name, graph: validGraph() })).body.id as string;
  const audit = async (id: string) =>
    (await t.call('GET', `/v1/audit?workflowId=${id}`)).body.items.map((e: { action: string }) => e.action);

  it('searches journeys by name, any case', async () => {
    await create('Pricing follow-up');
    await create('Trial 100% off_promo');
    expect(names((await t.call('GET', '/v1/workflows?q=PRICING')).body)).toEqual(['Pricing follow-up']);
    // Wildcards in the search are plain text.
    expect(names((await t.call('GET', '/v1/workflows?q=100%25')).body)).toEqual(['Trial 100% off_promo']);
    expect(names((await t.call('GET', '/v1/workflows?q=_')).body)).toEqual(['Trial 100% off_promo']);
  });

  it('duplicates a draft under a new name, audited', async () => {
    const id = await create('Onboarding');
    const copy = await t.call('POST', `/v1/workflows/${id}/duplicate`, {});
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Copy of Onboarding', status: 'draft', latestVersion: null });
    expect(copy.body.draft.name).toBe('Copy of Onboarding');
    expect(copy.body.draft.nodes).toEqual(validGraph().nodes);
    const named = await t.call('POST', `/v1/workflows/${id}/duplicate`, { name: 'Onboarding B' });
    expect(named.body.name).toBe('Onboarding B');
    expect(await audit(copy.body.id)).toContain('workflow.duplicated');
    expect(
      (await t.call('POST', '/v1/workflows/00000000-0000-4000-8000-000000000000/duplicate', {})).status,
    ).toBe(404);
  });

  it('archives a live journey: paused, out of the list, versions kept, activation refused until unarchived', async () => {
    const id = await create('Winback');
    const published = await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1' });
    expect(
      (await t.call('POST', `/v1/workflows/${id}/activate`, { version: published.body.version })).status,
    ).toBe(200);
    const archived = await t.call('POST', `/v1/workflows/${id}/archive`, { reason: 'season over' });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'paused', activeVersion: 1 });
    expect(archived.body.archivedAt).not.toBeNull();
    expect(names((await t.call('GET', '/v1/workflows')).body)).not.toContain('Winback');
    expect(names((await t.call('GET', '/v1/workflows?archived=only')).body)).toEqual(['Winback']);
    expect(names((await t.call('GET', '/v1/workflows?archived=include')).body)).toContain('Winback');
    expect((await t.call('GET', `/v1/workflows/${id}/versions/1`)).status).toBe(200);
    const activate = await t.call('POST', `/v1/workflows/${id}/activate`, { version: 1 });
    expect(activate.status).toBe(409);
    expect(activate.body.detail).toMatch(/archived/);
    const back = await t.call('POST', `/v1/workflows/${id}/unarchive`);
    expect(back.body).toMatchObject({ status: 'paused', archivedAt: null });
    expect((await t.call('POST', `/v1/workflows/${id}/activate`, { version: 1 })).status).toBe(200);
    expect(await audit(id)).toEqual(expect.arrayContaining(['workflow.archived', 'workflow.unarchived']));
  });

  it('deletes a journey never published, and refuses with 409 one that was', async () => {
    const id = await create('Scratch');
    const deleted = await t.call('DELETE', `/v1/workflows/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id, deleted: true });
    expect((await t.call('GET', `/v1/workflows/${id}`)).status).toBe(404);
    expect(await audit(id)).toContain('workflow.deleted');
    const kept = await create('Kept');
    await t.call('POST', `/v1/workflows/${kept}/versions`, { message: 'v1' });
    const refused = await t.call('DELETE', `/v1/workflows/${kept}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/1 published version.*Archive it instead/);
    expect((await t.call('GET', `/v1/workflows/${kept}`)).status).toBe(200);
  });

  it('starts a journey from a template, bringing the segments it names', async () => {
    const list = await t.call('GET', '/v1/templates');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['pricing-page-handoff', 're-engagement']));
    expect(ids).not.toContain('packs');
    const reengage = list.body.items.find((x: { id: string }) => x.id === 're-engagement');
    expect(reengage.steps).toBeGreaterThan(2);
    const created = await t.call('POST', '/v1/templates/re-engagement/workflows', { name: 'Win them back' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Win them back', status: 'draft' });
    expect(created.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    const segments = (await t.call('GET', '/v1/segments')).body.items.map((s: { name: string }) => s.name);
    expect(segments).toContain('silent-30d');
    expect((await t.call('POST', '/v1/templates/..%2F..%2Fetc/workflows', {})).status).toBe(404);
    expect((await t.call('POST', '/v1/templates/nope/workflows', {})).status).toBe(404);
  });

  it('lets only the roles that may change journeys do so', async () => {
    const id = await create('Guarded');
    const editor = (await t.call('POST', '/v1/api-keys', { name: 'ed', role: 'editor' })).body.key;
    expect((await t.call('POST', `/v1/workflows/${id}/archive`, {}, editor)).status).toBe(403);
    expect((await t.call('POST', `/v1/workflows/${id}/duplicate`, {}, editor)).status).toBe(201);
  });
});
