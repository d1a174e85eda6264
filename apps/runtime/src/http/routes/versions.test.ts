import { Graph, hashGraph } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { brokenGraph, validGraph } from './testGraphs.js';

describe('version routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const newWorkflow = async (graph: unknown = validGraph()) =>
    (await t.call('POST', '/v1/workflows', { name: 'Journey', graph })).body.id as string;
  const publish = (id: string, message = 'first cut') =>
    t.call('POST', `/v1/workflows/${id}/versions`, { message });
  /** Changes the draft (its description), so it differs from the latest version. */
  const edit = (id: string, description: string) =>
    t.call('PUT', `/v1/workflows/${id}/draft`, { graph: { ...validGraph(), description } });

  it('publishes the draft as version 1 with its hash, author and message', async () => {
    const id = await newWorkflow();
    const res = await publish(id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 1, message: 'first cut', active: false });
    expect(res.body.hash).toBe(hashGraph(Graph.parse(validGraph())));
    expect(res.body.graph).toBeUndefined();
    expect(res.body.publishedBy).toMatch(/^first-boot admin \([0-9a-f]{8}\)$/);
    expect(new Date(res.body.publishedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const got = await t.call('GET', `/v1/workflows/${id}/versions/1`);
    expect(got.body.graph.nodes.length).toBe(validGraph().nodes.length);
    expect(got.body.hash).toBe(res.body.hash);
    const workflow = await t.call('GET', `/v1/workflows/${id}`);
    expect(workflow.body.latestVersion).toBe(1);
  });

  it('requires a message (400 naming it) and refuses a draft with errors (422 with problems)', async () => {
    const id = await newWorkflow(brokenGraph());
    const noMessage = await t.call('POST', `/v1/workflows/${id}/versions`, {});
    expect(noMessage.status).toBe(400);
    expect(noMessage.body.problems[0].path).toBe('message');
    const refused = await publish(id);
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toContainEqual(expect.objectContaining({ code: 'edge.target-missing' }));
    expect(refused.body.detail).toMatch(/error/);
    expect((await t.call('GET', `/v1/workflows/${id}/versions`)).body.items).toEqual([]);
  });

  it('publishes one draft once when publishes race, and numbers versions 1..n', async () => {
    const id = await newWorkflow();
    const results = await Promise.all([publish(id, 'a'), publish(id, 'b'), publish(id, 'c')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const losers = results.filter((r) => r.status === 409);
    expect(losers.map((r) => r.body.version)).toEqual([1, 1]);
    for (const n of [2, 3]) {
      await edit(id, `edit ${n}`);
      expect((await publish(id, `v${n}`)).body.version).toBe(n);
    }
  });

  it('keeps versions immutable in the database itself', async () => {
    const id = await newWorkflow();
    await publish(id);
    const { sql } = t.deps;
    await expect(
      sql`update workflow_versions set message = 'rewritten' where workflow_id = ${id}`,
    ).rejects.toThrow(/immutable/);
    await expect(sql`delete from workflow_versions where workflow_id = ${id}`).rejects.toThrow(/immutable/);
    const [row] = await sql`select message from workflow_versions where workflow_id = ${id}`;
    expect(row!.message).toBe('first cut');
  });

  it('lists versions newest first with the active flag, and diffs versions and the draft', async () => {
    const id = await newWorkflow();
    await publish(id, 'v1');
    const graph = validGraph();
    graph.settings.reentry = 'always';
    await t.call('PUT', `/v1/workflows/${id}/draft`, { graph });
    await publish(id, 'v2');
    await t.call('POST', `/v1/workflows/${id}/activate`, { version: 2 });
    const list = await t.call('GET', `/v1/workflows/${id}/versions`);
    expect(list.body.items.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    const diff = await t.call('GET', `/v1/workflows/${id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toContainEqual(
      expect.objectContaining({ kind: 'settings-changed', path: 'settings.reentry' }),
    );
    const toDraft = await t.call('GET', `/v1/workflows/${id}/diff?from=2&to=draft`);
    expect(toDraft.body.changes).toEqual([]);
    const badParam = await t.call('GET', `/v1/workflows/${id}/diff?from=one&to=2`);
    expect(badParam.status).toBe(400);
    expect(badParam.body.detail).toMatch(/from/);
    const missingParam = await t.call('GET', `/v1/workflows/${id}/diff?from=1`);
    expect(missingParam.body.detail).toMatch(/to/);
    const unknownVersion = await t.call('GET', `/v1/workflows/${id}/diff?from=1&to=9`);
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body.problems[0].path).toBe('to');
    expect((await t.call('GET', `/v1/workflows/${id}/versions/9`)).status).toBe(404);
    expect((await t.call('GET', `/v1/workflows/${id}/versions/zero`)).status).toBe(400);
  });

  it('activates, pauses, resumes and rolls back only with a reason, auditing each step', async () => {
    const id = await newWorkflow();
    await publish(id, 'v1');
    await edit(id, 'second');
    await publish(id, 'v2');
    const pauseDraft = await t.call('POST', `/v1/workflows/${id}/pause`, {});
    expect(pauseDraft.status).toBe(409);
    const active = await t.call('POST', `/v1/workflows/${id}/activate`, { version: 2 });
    expect(active.body).toMatchObject({ status: 'active', activeVersion: 2 });
    const paused = await t.call('POST', `/v1/workflows/${id}/pause`, { reason: 'copy review' });
    expect(paused.body).toMatchObject({ status: 'paused', activeVersion: 2 });
    const rollbackNoReason = await t.call('POST', `/v1/workflows/${id}/activate`, { version: 1 });
    expect(rollbackNoReason.status).toBe(400);
    expect(rollbackNoReason.body.problems[0].path).toBe('reason');
    const rollback = await t.call('POST', `/v1/workflows/${id}/activate`, {
      version: 1,
      reason: 'v2 email had a typo',
    });
    expect(rollback.body).toMatchObject({ status: 'active', activeVersion: 1 });
    const unknown = await t.call('POST', `/v1/workflows/${id}/activate`, { version: 7 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.problems[0].path).toBe('version');
    const audit = await t.deps.sql`
      select action, details from audit_log where workflow_id = ${id} and action like 'workflow.%' order by id`;
    expect(audit.map((r) => r.action)).toEqual([
      'workflow.created',
      'workflow.activated',
      'workflow.paused',
      'workflow.activated',
    ]);
    expect(audit[3]!.details).toMatchObject({
      fromVersion: 2,
      toVersion: 1,
      rollback: true,
      reason: 'v2 email had a typo',
    });
    expect(audit[2]!.details).toMatchObject({ version: 2, reason: 'copy review' });
  });
});
