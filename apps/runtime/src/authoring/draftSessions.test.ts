import type { Graph } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validGraph } from '../http/routes/testGraphs.js';
import { createTestApp, type TestApp } from '../testing/testApp.js';
import { closeQuietDraftSessions } from './draftSessions.js';

describe('draft editing sessions in the audit log', () => {
  let t: TestApp;
  let ana: string;
  let ben: string;
  beforeAll(async () => {
    t = await createTestApp();
    ana = (await t.call('POST', '/v1/api-keys', { name: 'Ana', role: 'editor' })).body.key;
    ben = (await t.call('POST', '/v1/api-keys', { name: 'Ben', role: 'editor' })).body.key;
  });
  afterAll(() => t.close());

  const newWorkflow = async () =>
    (await t.call('POST', '/v1/workflows', { name: 'Pricing', graph: validGraph() })).body.id as string;
  const save = async (id: string, graph: Graph, key: string) => {
    const res = await t.call('PUT', `/v1/workflows/${id}/draft`, { graph }, key);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const edited = (change: (g: Graph) => void) => {
    const graph = validGraph();
    change(graph);
    return graph;
  };
  const node = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!;
  const sessions = async (id: string) =>
    (await t.call('GET', `/v1/audit?workflowId=${id}&action=draft.edited`)).body.items;

  it('writes one entry per session at publish, with the summary lines of the version diff', async () => {
    const id = await newWorkflow();
    expect((await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1' })).status).toBe(201);
    const steps = [
      edited((g) => {
        node(g, 'wait-for-open').config.timeout = 'P3D';
      }),
      edited((g) => {
        node(g, 'wait-for-open').config.timeout = 'P3D';
        node(g, 'pricing-follow-up').label = 'Pricing nudge';
      }),
      edited((g) => {
        node(g, 'wait-for-open').config.timeout = 'P3D';
        node(g, 'pricing-follow-up').label = 'Pricing nudge';
        node(g, 'qualify').position = { x: 999, y: 1 };
      }),
    ];
    for (const graph of steps) await save(id, graph, ana);
    expect(await sessions(id)).toEqual([]);
    expect((await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v2' })).status).toBe(201);
    const [entry] = await sessions(id);
    const diff = await t.call('GET', `/v1/workflows/${id}/diff?from=1&to=2`);
    expect(entry.details.changes).toEqual(diff.body.changes.map((c: { summary: string }) => c.summary));
    expect(entry.details.changes).toHaveLength(3);
    expect(entry).toMatchObject({
      actorRole: 'editor',
      details: { saves: 3, fromRevision: 1, toRevision: 4 },
    });
    expect(entry.sentence).toMatch(/^Ana \(editor\) edited the draft of 'Pricing' \(3 saves\): /);
    expect(entry.sentence).toContain('P2D → P3D');
    const log = (await t.call('GET', `/v1/audit?workflowId=${id}&limit=2`)).body.items;
    expect(log.map((e: { action: string }) => e.action)).toEqual(['version.published', 'draft.edited']);
  });

  it('closes a session when another person saves, so each entry holds one person’s changes', async () => {
    const id = await newWorkflow();
    const anas = edited((g) => {
      node(g, 'qualify').label = 'Ready for sales?';
    });
    await save(id, anas, ana);
    await save(id, anas, ana);
    const bens = edited((g) => {
      node(g, 'qualify').label = 'Ready for sales?';
      g.settings.reentry = 'always';
    });
    await save(id, bens, ben);
    const [first] = await sessions(id);
    expect(first).toMatchObject({ actorRole: 'editor', details: { saves: 2 } });
    expect(first.actor).toMatch(/^Ana /);
    expect(first.details.changes).toHaveLength(1);
    expect(first.details.changes[0]).toContain('label "Sales-ready?" → "Ready for sales?"');
    const [open] = await t.deps.sql`select actor, saves from draft_edit_sessions where workflow_id = ${id}`;
    expect(open?.actor).toMatch(/^Ben /);
  });

  it('closes a session after a quiet interval, and leaves no entry for saves that changed nothing', async () => {
    const id = await newWorkflow();
    await save(id, validGraph(), ana);
    await t.deps.sql`update draft_edit_sessions set last_saved_at = now() - interval '11 minutes'
                     where workflow_id = ${id}`;
    expect(await closeQuietDraftSessions(t.deps.sql, t.deps.registry, t.deps.logger)).toBeGreaterThanOrEqual(
      1,
    );
    expect(await sessions(id)).toEqual([]);
    expect(await t.deps.sql`select 1 from draft_edit_sessions where workflow_id = ${id}`).toHaveLength(0);

    await save(
      id,
      edited((g) => {
        g.settings.reentry = 'always';
      }),
      ana,
    );
    await t.deps.sql`update draft_edit_sessions set last_saved_at = now() - interval '11 minutes'
                     where workflow_id = ${id}`;
    // The next save after the quiet interval closes the old session itself, sweep or not.
    await save(
      id,
      edited((g) => {
        g.settings.reentry = 'after-exit';
      }),
      ana,
    );
    const [entry] = await sessions(id);
    expect(entry.details).toMatchObject({ saves: 1, changes: ['Settings: reentry once → always'] });
  });
});
