import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const at = { x: 0, y: 0 };

/** On a pricing view, a gate on 'hot-leads' sends the hot ones an email; the rest end. */
const gated: GraphInput = {
  schemaVersion: 1,
  id: 'gated',
  name: 'Hot leads get an email',
  settings: { reentry: 'once' },
  nodes: [
    {
      id: 'viewed',
      type: 'trigger',
      version: 1,
      position: at,
      config: { on: 'event', event: 'page.viewed' },
    },
    {
      id: 'is-hot',
      type: 'segment-gate',
      version: 1,
      position: at,
      config: { branches: [{ id: 'hot', label: 'Hot', segment: 'hot-leads' }] },
    },
    {
      id: 'hello',
      type: 'send',
      version: 1,
      position: at,
      config: { subject: 'Hello', text: 'Hi', reason: 'Hot lead' },
    },
  ],
  edges: [
    { id: 'a', source: 'viewed', sourceHandle: 'next', target: 'is-hot' },
    { id: 'b', source: 'is-hot', sourceHandle: 'hot', target: 'hello' },
  ],
};

/** Starts when a contact enters 'hot-leads'. */
const entry: GraphInput = {
  schemaVersion: 1,
  id: 'entry',
  name: 'Welcome hot leads',
  settings: { reentry: 'once' },
  nodes: [
    {
      id: 'entered',
      type: 'trigger',
      version: 1,
      position: at,
      config: { on: 'segment', segment: 'hot-leads' },
    },
    {
      id: 'welcome',
      type: 'send',
      version: 1,
      position: at,
      config: { subject: 'Welcome', text: 'Hi', reason: 'Entered' },
    },
  ],
  edges: [{ id: 'a', source: 'entered', sourceHandle: 'next', target: 'welcome' }],
};

const AT_LEAST_80 = { '>=': [{ var: 'contact.lead_score' }, 80] };
const AT_LEAST_90 = { '>=': [{ var: 'contact.lead_score' }, 90] };

describe('versions pin the segment revisions they run with', () => {
  let t: EngineApp;
  let segmentId: string;
  let gatedId: string;
  let entryId: string;

  const gateOutput = (contactId: string) =>
    eventually(async () => {
      const [row] = await t.db.sql<{ output: string; version: number }[]>`
        select s.output, e.version from journey_steps s join enrollments e on e.id = s.enrollment_id
        where s.contact_id = ${contactId} and s.node_id = 'is-hot'`;
      return row;
    });

  beforeAll(async () => {
    t = await createEngineApp();
    const created = await t.call('POST', '/v1/segments', { name: 'hot-leads', rule: AT_LEAST_80 });
    expect(created.body).toMatchObject({ revision: 1 });
    segmentId = created.body.id;
    gatedId = await publishJourney(t, gated);
    entryId = await publishJourney(t, entry);
    // The segment changes after both versions were published: rev 2 (score 90 and up).
    const changed = await t.call('PATCH', `/v1/segments/${segmentId}`, { rule: AT_LEAST_90 });
    expect(changed.body).toMatchObject({ revision: 2, rule: AT_LEAST_90 });
  });
  afterAll(() => t.close());

  it('runs a published gate with the rule it was published with', async () => {
    await t.call('PUT', '/v1/contacts/c85', { attributes: { email: 'c85@example.com', lead_score: 85 } });
    await t.call('POST', '/v1/events', { contactId: 'c85', type: 'page.viewed' });
    expect(await gateOutput('c85')).toEqual({ output: 'hot', version: 1 });
  });

  it('starts a segment trigger on the revision the live version pinned', async () => {
    const put = await t.call('PUT', '/v1/contacts/e85', {
      attributes: { email: 'e85@example.com', lead_score: 85 },
    });
    expect(put.body.enteredSegments).toEqual(['hot-leads']);
    await eventually(async () => {
      const [row] = await t.db
        .sql`select version from enrollments where contact_id = 'e85' and workflow_id = ${entryId}`;
      return row?.version === 1;
    });
  });

  it('says which revision each version uses and that a newer one exists', async () => {
    const list = await t.call('GET', `/v1/workflows/${gatedId}/versions`);
    expect(list.body.items[0].segments).toEqual([{ name: 'hot-leads', revision: 1, latestRevision: 2 }]);
    const revisions = await t.call('GET', `/v1/segments/${segmentId}/revisions`);
    expect(revisions.body.items.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect(revisions.body.items[1].pinnedBy.map((p: { workflowId: string }) => p.workflowId).sort()).toEqual(
      [gatedId, entryId].sort(),
    );
    expect(revisions.body.items[0].pinnedBy).toEqual([]);
    expect(revisions.body.items[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('audits a segment change with the rule before and after', async () => {
    const audit = await t.call('GET', '/v1/audit?action=segment.updated');
    expect(audit.body.items[0].details).toMatchObject({
      fromRevision: 1,
      toRevision: 2,
      before: { rule: AT_LEAST_80 },
      after: { rule: AT_LEAST_90 },
    });
    expect(audit.body.items[0].sentence).toContain("changed segment 'hot-leads': rule rev 1 → rev 2");
  });

  it('publishes the same graph again to pick up the new revision, and diffs the rule change', async () => {
    const toDraft = await t.call('GET', `/v1/workflows/${gatedId}/diff?from=1&to=draft`);
    expect(toDraft.body.changes).toEqual([]);
    expect(toDraft.body.segments).toEqual([
      expect.objectContaining({
        name: 'hot-leads',
        from: { revision: 1, rule: AT_LEAST_80 },
        to: { revision: 2, rule: AT_LEAST_90 },
      }),
    ]);
    const v2 = await t.call('POST', `/v1/workflows/${gatedId}/versions`, {
      message: 'score 90',
      activate: true,
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({
      version: 2,
      active: true,
      segments: [{ name: 'hot-leads', revision: 2 }],
    });
    const diff = await t.call('GET', `/v1/workflows/${gatedId}/diff?from=1&to=2`);
    expect(diff.body.segments[0].summary).toBe(
      `Segment 'hot-leads': rule rev 1 → rev 2: ${JSON.stringify(AT_LEAST_80)} → ${JSON.stringify(AT_LEAST_90)}`,
    );
    // Now the same content as v2: nothing to publish.
    const again = await t.call('POST', `/v1/workflows/${gatedId}/versions`, { message: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.version).toBe(2);

    await t.call('PUT', '/v1/contacts/d85', { attributes: { email: 'd85@example.com', lead_score: 85 } });
    await t.call('POST', '/v1/events', { contactId: 'd85', type: 'page.viewed' });
    expect(await gateOutput('d85')).toEqual({ output: 'else', version: 2 });
  });

  it('lists the contacts that ran on each version', async () => {
    const v1 = await t.call('GET', `/v1/workflows/${gatedId}/versions/1/contacts`);
    expect(v1.body.items.map((c: { contactId: string }) => c.contactId)).toEqual(['c85']);
    const v2 = await t.call('GET', `/v1/workflows/${gatedId}/versions/2/contacts?limit=1`);
    expect(v2.body).toMatchObject({ items: [{ contactId: 'd85' }], nextCursor: null });
    expect((await t.call('GET', `/v1/workflows/${gatedId}/versions/9/contacts`)).status).toBe(404);
  });

  it('refuses to delete a segment a published version pins', async () => {
    const res = await t.call('DELETE', `/v1/segments/${segmentId}`);
    expect(res.status).toBe(409);
    await expect(t.db.sql`delete from segment_revisions where segment_id = ${segmentId}`).rejects.toThrow(
      /immutable/,
    );
  });
});
