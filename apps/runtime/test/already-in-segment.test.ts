import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAlreadyIn } from '../src/operate/alreadyInSegment.js';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const at = { x: 0, y: 0 };

const journey = (id: string, segment: string): GraphInput => ({
  schemaVersion: 1,
  id,
  name: `Welcome ${segment}`,
  settings: { reentry: 'once' },
  nodes: [
    { id: 'entered', type: 'trigger', version: 1, position: at, config: { on: 'segment', segment } },
    { id: 'pause', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'P30D' } },
  ],
  edges: [{ id: 'a', source: 'entered', sourceHandle: 'next', target: 'pause' }],
});

describe('activating a segment-entry journey with the contacts already in the segment', () => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await createEngineApp();
    for (const [name, min] of [
      ['hot-leads', 80],
      ['warm-leads', 50],
    ] as const) {
      const made = await t.call('POST', '/v1/segments', {
        name,
        rule: { '>=': [{ var: 'contact.lead_score' }, min] },
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    for (const [id, lead_score] of Object.entries({ ana: 90, bo: 85, cy: 10, di: 60 })) {
      await t.call('PUT', `/v1/contacts/${id}`, { attributes: { lead_score } });
    }
    // Another journey on the same segment, live before: it must not hear the backfill.
    await publishJourney(t, journey('other-hot', 'hot-leads'));
  });
  afterAll(() => t?.close());

  const enrolled = async (workflowId: string) =>
    (
      await t.db.sql<{ contactId: string }[]>`
        select contact_id from enrollments where workflow_id = ${workflowId} order by contact_id`
    ).map((r) => r.contactId);

  it('counts them before, enrols them into this journey alone, audits it, and never twice', async () => {
    const created = await t.call('POST', '/v1/workflows', { graph: journey('hot', 'hot-leads') });
    const id = created.body.id as string;
    const published = await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1' });
    const version = published.body.version as number;

    const count = await t.call('GET', `/v1/workflows/${id}/versions/${version}/already-in-segment`);
    expect(count.status).toBe(200);
    expect(count.body).toEqual({ segments: ['hot-leads'], contacts: 2 });

    const activated = await t.call('POST', `/v1/workflows/${id}/activate`, { version, enrolExisting: true });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(await eventually(async () => (await enrolled(id)).length === 2 && enrolled(id))).toEqual([
      'ana',
      'bo',
    ]);

    const audit = await t.call('GET', '/v1/audit?action=workflow.activated');
    const entry = (audit.body.items as Array<{ workflowId: string; details: Record<string, unknown> }>).find(
      (e) => e.workflowId === id,
    );
    expect(entry?.details.enrolExisting).toEqual({ segments: ['hot-leads'], contacts: 2 });

    // Run again (a retried job, a restart mid-way): nobody is enrolled or stored twice.
    const again = await enrolAlreadyIn(t.db.sql, t.deps.registry, t.workspaceId, id, version);
    expect(again).toEqual({ contacts: 2, enrolled: 0 });
    const [{ n }] = (await t.db.sql`
      select count(*)::int as n from events where type = 'segment.entered' and properties ? 'alreadyIn'`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(2);
    expect(await enrolled(id)).toEqual(['ana', 'bo']);
    // The journey that was live before heard nothing.
    const other = await t.db.sql`select id from workflows where name = 'Welcome hot-leads' and id <> ${id}`;
    expect(await enrolled(other[0]!.id as string)).toEqual([]);
  });

  it('leaves them out unless asked, and says 404 for a version that does not exist', async () => {
    const created = await t.call('POST', '/v1/workflows', { graph: journey('warm', 'warm-leads') });
    const id = created.body.id as string;
    const published = await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1' });
    const count = await t.call(
      'GET',
      `/v1/workflows/${id}/versions/${published.body.version}/already-in-segment`,
    );
    expect(count.body).toEqual({ segments: ['warm-leads'], contacts: 3 });
    const activated = await t.call('POST', `/v1/workflows/${id}/activate`, {
      version: published.body.version,
    });
    expect(activated.status).toBe(200);
    await t.call('PUT', '/v1/contacts/cy', { attributes: { lead_score: 55 } });
    // Only the contact that entered after activation.
    expect(await eventually(async () => (await enrolled(id)).length > 0 && enrolled(id))).toEqual(['cy']);
    const missing = await t.call('GET', `/v1/workflows/${id}/versions/9/already-in-segment`);
    expect(missing.status).toBe(404);
  });
});

describe("'Publish and go live' with the contacts already in the segment", () => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await createEngineApp();
    await t.call('POST', '/v1/segments', { name: 'vip', rule: { '>=': [{ var: 'contact.spend' }, 1000] } });
    for (const [id, spend] of Object.entries({ eva: 5000, fin: 1200, gus: 10 })) {
      await t.call('PUT', `/v1/contacts/${id}`, { attributes: { spend } });
    }
  });
  afterAll(() => t?.close());

  it('counts the draft before publishing, then publishes, activates and enrols them, audited with the count', async () => {
    const created = await t.call('POST', '/v1/workflows', { graph: journey('vip-welcome', 'vip') });
    const id = created.body.id as string;
    const count = await t.call('GET', `/v1/workflows/${id}/draft/already-in-segment`);
    expect(count.status).toBe(200);
    expect(count.body).toEqual({ segments: ['vip'], contacts: 2 });

    const refused = await t.call('POST', `/v1/workflows/${id}/versions`, {
      message: 'v1',
      enrolExisting: true,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.problems[0].path).toBe('enrolExisting');

    const published = await t.call('POST', `/v1/workflows/${id}/versions`, {
      message: 'v1',
      activate: true,
      enrolExisting: true,
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const rows = async () =>
      (
        await t.db.sql<{ contactId: string }[]>`
          select contact_id from enrollments where workflow_id = ${id} order by contact_id`
      ).map((r) => r.contactId);
    expect(await eventually(async () => (await rows()).length === 2 && rows())).toEqual(['eva', 'fin']);
    const audit = await t.call('GET', '/v1/audit?action=workflow.activated');
    const entry = (audit.body.items as Array<{ workflowId: string; details: Record<string, unknown> }>).find(
      (e) => e.workflowId === id,
    );
    expect(entry?.details.enrolExisting).toEqual({ segments: ['vip'], contacts: 2 });
    const missing = await t.call(
      'GET',
      '/v1/workflows/00000000-0000-4000-8000-000000000000/draft/already-in-segment',
    );
    expect(missing.status).toBe(404);
  });
});
