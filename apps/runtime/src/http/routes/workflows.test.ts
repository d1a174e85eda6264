import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SENDER } from '../../authoring/bootstrap.js';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { brokenGraph, exampleGraph, validGraph } from './testGraphs.js';

const exampleWithSegments = () => exampleGraph('re-engagement');

describe('workflow routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a workflow from a valid graph and lists it', async () => {
    const created = await t.call('POST', '/v1/workflows', { name: 'Pricing', graph: validGraph() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Pricing',
      status: 'draft',
      draftRevision: 1,
      activeVersion: null,
    });
    expect(created.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    const list = await t.call('GET', '/v1/workflows');
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        id: created.body.id,
        name: 'Pricing',
        latestVersion: null,
        draftRevision: 1,
      }),
    );
  });

  it('defaults the name to the graph name', async () => {
    const created = await t.call('POST', '/v1/workflows', { graph: validGraph() });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe(validGraph().name);
  });

  it('saves a draft with semantic errors and returns them as problems', async () => {
    const created = await t.call('POST', '/v1/workflows', { name: 'Broken', graph: brokenGraph() });
    expect(created.status).toBe(201);
    expect(created.body.problems).toContainEqual(
      expect.objectContaining({ code: 'edge.target-missing', severity: 'error', edgeId: 'dangling' }),
    );
    const got = await t.call('GET', `/v1/workflows/${created.body.id}`);
    expect(got.body.draft.edges.some((e: { id: string }) => e.id === 'dangling')).toBe(true);
    expect(got.body.problems.some((p: { code: string }) => p.code === 'edge.target-missing')).toBe(true);
  });

  it('refuses a document that is not a graph with 422 naming the field', async () => {
    const graph = validGraph() as unknown as { nodes: Array<{ id: unknown }> };
    graph.nodes[1]!.id = 42;
    const res = await t.call('POST', '/v1/workflows', { name: 'x', graph });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/^graph\.nodes\[1\]\.id/);
    expect(res.body.problems[0]).toMatchObject({ code: 'structure.invalid', path: 'nodes[1].id' });
    const missing = await t.call('POST', '/v1/workflows', { name: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/^graph:/);
  });

  it('answers malformed JSON, wrong types and unknown ids with 4xx problems', async () => {
    const bad = await t.call('POST', '/v1/workflows', '{"name": ');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/not valid JSON/);
    const wrongType = await t.call('POST', '/v1/workflows', { name: 5, graph: validGraph() });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.problems[0].path).toBe('name');
    expect((await t.call('GET', '/v1/workflows/not-a-uuid')).status).toBe(404);
    expect((await t.call('GET', '/v1/workflows/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('renames a workflow', async () => {
    const { body } = await t.call('POST', '/v1/workflows', { name: 'Old', graph: validGraph() });
    const renamed = await t.call('PATCH', `/v1/workflows/${body.id}`, { name: '  New name ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('New name');
    expect(renamed.body.draft).toBeUndefined();
    expect((await t.call('PATCH', `/v1/workflows/${body.id}`, { name: '' })).status).toBe(400);
  });

  it('saves drafts, bumping the revision, and answers 409 when a stale baseRevision changed the same field', async () => {
    const { body } = await t.call('POST', '/v1/workflows', { name: 'Drafty', graph: validGraph() });
    const graph = validGraph();
    graph.description = 'edited';
    const first = await t.call('PUT', `/v1/workflows/${body.id}/draft`, { graph, baseRevision: 1 });
    expect(first.status).toBe(200);
    expect(first.body.draftRevision).toBe(2);
    const other = { ...validGraph(), description: 'edited differently' };
    const stale = await t.call('PUT', `/v1/workflows/${body.id}/draft`, { graph: other, baseRevision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.currentRevision).toBe(2);
    expect(stale.body.problems[0].path).toBe('baseRevision');
    expect(stale.body.conflicts.map((c: { key: string }) => c.key)).toEqual(['graph:description']);
    const blind = await t.call('PUT', `/v1/workflows/${body.id}/draft`, { graph: brokenGraph() });
    expect(blind.status).toBe(200);
    expect(blind.body.draftRevision).toBe(3);
    expect(blind.body.problems.some((p: { code: string }) => p.code === 'edge.target-missing')).toBe(true);
    const got = await t.call('GET', `/v1/workflows/${body.id}`);
    expect(got.body.draftRevision).toBe(3);
    // Saves are audited per editing session (authoring/draftSessions.test.ts): one open session.
    const [session] = await t.deps.sql`select saves from draft_edit_sessions where workflow_id = ${body.id}`;
    expect(session?.saves).toBe(2);
  });

  it('validates the draft, or a graph given in the body', async () => {
    const { body } = await t.call('POST', '/v1/workflows', { name: 'V', graph: brokenGraph() });
    const draft = await t.call('POST', `/v1/workflows/${body.id}/validate`);
    expect(draft.status).toBe(200);
    expect(draft.body.ok).toBe(false);
    const given = await t.call('POST', `/v1/workflows/${body.id}/validate`, { graph: validGraph() });
    expect(given.body.ok).toBe(true);
    const notAGraph = await t.call('POST', `/v1/workflows/${body.id}/validate`, { graph: [] });
    expect(notAGraph.body.ok).toBe(false);
    expect(notAGraph.body.problems[0].code).toMatch(/^(migrate|structure)\./);
  });

  it('reports a gate naming an unknown segment', async () => {
    const created = await t.call('POST', '/v1/workflows', { name: 'Seg', graph: exampleWithSegments() });
    expect(created.body.problems).toContainEqual(
      expect.objectContaining({ code: 'segment.unknown', message: expect.stringContaining('silent-30d') }),
    );
  });
});

describe('the bootstrapped examples', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ withExamples: true });
  });
  afterAll(() => t.close());

  it('come with a demo sender that has a postal address', async () => {
    const got = await t.call('GET', '/v1/settings/channels');
    expect(got.body.sender).toEqual(DEMO_SENDER);
    expect(got.body.sender.postalAddress).toMatch(/\d+ Harbour Street/);
    expect(got.body.guardrails.frequencyCap).not.toBeNull();
  });

  it('open, and publish once the segments they name exist', async () => {
    const list = await t.call('GET', '/v1/workflows');
    expect(list.body.items.length).toBeGreaterThanOrEqual(6);
    for (const name of ['silent-30d', 'sales-ready']) {
      await t.call('POST', '/v1/segments', { name, rule: { '==': [1, 1] } });
    }
    const failures: string[] = [];
    for (const { id, name } of list.body.items) {
      const got = await t.call('GET', `/v1/workflows/${id}`);
      const published = await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'first' });
      if (got.status !== 200 || published.status !== 201) {
        failures.push(
          `${name}: ${got.status}/${published.status} ${JSON.stringify(published.body.problems ?? '')}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });
});
