import type { Graph } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { validGraph } from './testGraphs.js';

const SESSION_A = 'tab-a-0000001';
const SESSION_B = 'tab-b-0000002';

function edited(graph: Graph, nodeId: string, patch: Record<string, unknown>): Graph {
  const next = structuredClone(graph);
  const node = next.nodes.find((n) => n.id === nodeId)!;
  Object.assign(node, patch);
  return next;
}

describe('working on one draft together', () => {
  let t: TestApp;
  let ana: string;
  let ben: string;
  let auditor: string;
  beforeAll(async () => {
    t = await createTestApp();
    ana = (await t.call('POST', '/v1/api-keys', { name: 'Ana', role: 'editor' })).body.key;
    ben = (await t.call('POST', '/v1/api-keys', { name: 'Ben', role: 'editor' })).body.key;
    auditor = (await t.call('POST', '/v1/api-keys', { name: 'Audra', role: 'auditor' })).body.key;
  });
  afterAll(() => t.close());

  const create = async () =>
    (await t.call('POST', '/v1/workflows', { name: 'Together', graph: validGraph() })).body as {
      id: string;
      draft: Graph;
    };
  const save = (id: string, body: Record<string, unknown>, key: string) =>
    t.call('PUT', `/v1/workflows/${id}/draft`, body, key);
  const beat = (id: string, session: string, revision: number, key: string, editing: string[] = []) =>
    t.call('PUT', `/v1/workflows/${id}/presence`, { session, revision, editing }, key);

  it('merges edits to different steps made from the same revision, and says so', async () => {
    const { id, draft } = await create();
    const mine = edited(draft, 'pricing-follow-up', { label: 'Ana’s follow-up' });
    const first = await save(id, { graph: mine, baseRevision: 1, session: SESSION_A }, ana);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ draftRevision: 2, merged: false });
    expect(first.body.draft).toBeUndefined();

    const theirs = edited(draft, 'case-study', { label: 'Ben’s case study' });
    const second = await save(id, { graph: theirs, baseRevision: 1, session: SESSION_B }, ben);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ draftRevision: 3, merged: true });
    const labels = (g: Graph) => Object.fromEntries(g.nodes.map((n) => [n.id, n.label]));
    expect(labels(second.body.draft)).toMatchObject({
      'pricing-follow-up': 'Ana’s follow-up',
      'case-study': 'Ben’s case study',
    });
    const stored = await t.call('GET', `/v1/workflows/${id}`);
    expect(labels(stored.body.draft)).toEqual(labels(second.body.draft));
    const [audit] = await t.deps.sql`
      select details from audit_log where workflow_id = ${id} and action = 'draft.saved' order by id desc limit 1`;
    expect(audit!.details).toMatchObject({ draftRevision: 3, mergedFrom: 1 });
  });

  it('answers 409 naming the step both changed, with both versions and who saved theirs; keep settles it and the other tab is told', async () => {
    const { id, draft } = await create();
    const anaVersion = edited(draft, 'pricing-follow-up', { label: 'Send welcome (Ana)' });
    expect((await save(id, { graph: anaVersion, baseRevision: 1, session: SESSION_A }, ana)).status).toBe(
      200,
    );

    const benVersion = edited(draft, 'pricing-follow-up', { label: 'Send welcome (Ben)' });
    const clash = await save(id, { graph: benVersion, baseRevision: 1, session: SESSION_B }, ben);
    expect(clash.status).toBe(409);
    expect(clash.body.currentRevision).toBe(2);
    expect(clash.body.conflicts).toEqual([
      expect.objectContaining({
        key: 'node:pricing-follow-up',
        kind: 'node',
        reason: 'both-changed',
        label: "'Send welcome (Ben)'",
        theirs: expect.objectContaining({ label: 'Send welcome (Ana)' }),
        mine: expect.objectContaining({ label: 'Send welcome (Ben)' }),
        theirsBy: expect.objectContaining({ name: 'Ana', at: expect.any(String) }),
      }),
    ]);

    // Ana's tab, at revision 2, hears nothing yet.
    const before = await beat(id, SESSION_A, 2, ana);
    expect(before.body.replaced).toEqual([]);

    const kept = await save(
      id,
      { graph: benVersion, baseRevision: 1, session: SESSION_B, keep: { 'node:pricing-follow-up': 'mine' } },
      ben,
    );
    expect(kept.status).toBe(200);
    expect(kept.body.draft.nodes.find((n: { id: string }) => n.id === 'pricing-follow-up').label).toBe(
      'Send welcome (Ben)',
    );

    const told = await beat(id, SESSION_A, 2, ana);
    expect(told.status).toBe(200);
    expect(told.body.draftRevision).toBe(3);
    expect(told.body.savedBy).toMatchObject({ name: 'Ben' });
    expect(told.body.replaced).toEqual([
      expect.objectContaining({
        key: 'node:pricing-follow-up',
        label: "'Send welcome (Ana)'",
        revision: 3,
        by: expect.objectContaining({ name: 'Ben' }),
        yours: expect.objectContaining({ label: 'Send welcome (Ana)' }),
      }),
    ]);
    // Once the tab holds revision 3 the notice is not repeated; Ben's tab was never the victim.
    expect((await beat(id, SESSION_A, 3, ana)).body.replaced).toEqual([]);
    expect((await beat(id, SESSION_B, 1, ben)).body.replaced).toEqual([]);

    // Ana reapplies her version on the current draft with keep: now Ben is told.
    const reapply = edited(kept.body.draft, 'pricing-follow-up', { label: 'Send welcome (Ana)' });
    const back = await save(
      id,
      { graph: reapply, baseRevision: 3, session: SESSION_A, keep: { 'node:pricing-follow-up': 'mine' } },
      ana,
    );
    expect(back.status).toBe(200);
    const benTold = await beat(id, SESSION_B, 3, ben);
    expect(benTold.body.replaced).toEqual([
      expect.objectContaining({
        key: 'node:pricing-follow-up',
        by: expect.objectContaining({ name: 'Ana' }),
        yours: expect.objectContaining({ label: 'Send welcome (Ben)' }),
      }),
    ]);
  });

  it("never counts a tab's own earlier save as a conflict", async () => {
    const { id, draft } = await create();
    const once = edited(draft, 'qualify', { label: 'First try' });
    expect((await save(id, { graph: once, baseRevision: 1, session: SESSION_A }, ana)).status).toBe(200);
    // The same tab saves again from revision 1 (an edit made while its first save was in flight).
    const twice = edited(draft, 'qualify', { label: 'Second try' });
    const again = await save(id, { graph: twice, baseRevision: 1, session: SESSION_A }, ana);
    expect(again.status).toBe(200);
    expect(again.body.merged).toBe(true);
    expect(again.body.draft.nodes.find((n: { id: string }) => n.id === 'qualify').label).toBe('Second try');
    // Another tab of the same key is someone else.
    const other = edited(draft, 'qualify', { label: 'Other tab' });
    expect((await save(id, { graph: other, baseRevision: 1, session: SESSION_B }, ana)).status).toBe(409);
  });

  it('answers 409 with no conflicts when the base revision cannot be merged from', async () => {
    const { id, draft } = await create();
    const future = await save(id, { graph: draft, baseRevision: 99, session: SESSION_A }, ana);
    expect(future.status).toBe(409);
    expect(future.body).toMatchObject({ currentRevision: 1, conflicts: [] });
    expect(future.body.detail).toMatch(/reload/);
  });

  it('refuses keep and session values it cannot use with 400 naming the field', async () => {
    const { id, draft } = await create();
    const badSession = await save(id, { graph: draft, session: 'x' }, ana);
    expect(badSession.status).toBe(400);
    expect(badSession.body.problems[0].path).toBe('session');
    const badKeep = await save(id, { graph: draft, keep: { 'node:x': 'both' } }, ana);
    expect(badKeep.status).toBe(400);
    expect(badKeep.body.problems[0].path).toMatch(/^keep/);
  });

  it('shows who else has the draft open, what they selected, and forgets a tab that left', async () => {
    const { id } = await create();
    const first = await beat(id, SESSION_A, 1, ana, ['qualify']);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ draftRevision: 1, present: [], replaced: [] });

    const second = await beat(id, SESSION_B, 1, ben);
    expect(second.body.present).toEqual([
      expect.objectContaining({
        session: SESSION_A,
        name: 'Ana',
        role: 'editor',
        canEdit: true,
        editing: ['qualify'],
      }),
    ]);
    const viewer = await beat(id, 'tab-audit-000003', 1, auditor);
    expect(viewer.status).toBe(200);
    const seenByAna = await beat(id, SESSION_A, 1, ana);
    expect(
      seenByAna.body.present.map((p: { name: string; canEdit: boolean }) => [p.name, p.canEdit]),
    ).toEqual([
      ['Ben', true],
      ['Audra', false],
    ]);

    // Only the key that opened a tab can say it left.
    expect(
      (await t.call('DELETE', `/v1/workflows/${id}/presence/${SESSION_B}`, undefined, ana)).body,
    ).toEqual({
      left: false,
    });
    expect(
      (await t.call('DELETE', `/v1/workflows/${id}/presence/${SESSION_B}`, undefined, ben)).body,
    ).toEqual({
      left: true,
    });
    const after = await beat(id, SESSION_A, 1, ana);
    expect(after.body.present.map((p: { name: string }) => p.name)).toEqual(['Audra']);

    // A revoked key's tab is not shown, even before its last heartbeat ages out.
    const { body: keys } = await t.call('GET', '/v1/api-keys');
    const audra = keys.items.find((k: { name: string }) => k.name === 'Audra');
    expect((await t.call('DELETE', `/v1/api-keys/${audra.id}`)).status).toBe(200);
    expect((await beat(id, SESSION_A, 1, ana)).body.present).toEqual([]);
  });

  it('keeps presence inside the workspace: an unknown workflow is a 404', async () => {
    const missing = await beat('00000000-0000-4000-8000-000000000000', SESSION_A, 1, ana);
    expect(missing.status).toBe(404);
    const gone = await t.call(
      'DELETE',
      `/v1/workflows/00000000-0000-4000-8000-000000000000/presence/${SESSION_A}`,
    );
    expect(gone.status).toBe(404);
    const bad = await t.call('PUT', '/v1/workflows/00000000-0000-4000-8000-000000000000/presence', {
      session: SESSION_A,
      revision: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].path).toBe('revision');
  });
});
