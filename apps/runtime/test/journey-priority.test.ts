import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOnEvents } from '../src/ingest/actOnEvents.js';
import { ingestEvents } from '../src/ingest/ingestEvents.js';
import { createTestApp, type TestApp } from '../src/testing/testApp.js';
import { eventually, exampleGraph } from './helpers.js';

// Priority between journeys against a real Postgres: the policy's decisions written at ingest,
// the API, and two events for one contact ingested at the same time.

/** A journey that starts on `event` (the pricing example with its trigger's event changed). */
function journeyOn(event: string) {
  const graph = exampleGraph('pricing-page-handoff');
  const trigger = graph.nodes.find((n) => n.type === 'trigger') as { config: Record<string, unknown> };
  trigger.config = { on: 'event', event };
  graph.settings = { ...graph.settings, reentry: 'after-exit' };
  return graph;
}

describe('priority between journeys', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  async function journey(name: string, event: string) {
    const created = await t.call('POST', '/v1/workflows', { name, graph: journeyOn(event) });
    const id = created.body.id as string;
    const published = await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1', activate: true });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    ids[name] = id;
    return id;
  }
  const setPriority = (name: string, priority: number, group: string | null, preempt = false) =>
    t.call('PUT', `/v1/workflows/${ids[name]}/priority`, { priority, group, preempt, reason: 'test' });
  const live = async (contactId: string) =>
    (
      await t.db.sql<{ name: string }[]>`
        select w.name from enrollments e join workflows w on w.id = e.workflow_id
        where e.contact_id = ${contactId} and e.ended_at is null order by w.name`
    ).map((r) => r.name);
  const traceLines = async (contactId: string) => {
    const trace = await t.call('GET', `/v1/contacts/${contactId}/trace`);
    expect(trace.status).toBe(200);
    return (
      trace.body.items as Array<{ workflowName: string; nodeType: string; reason: { summary: string } }>
    )
      .filter((s) => s.nodeType === 'priority')
      .map((s) => `${s.workflowName}: ${s.reason.summary}`);
  };
  const post = (contactId: string, type: string, id = `${type}-${contactId}`) =>
    t.call('POST', '/v1/events', { id, contactId, type, properties: {} });

  beforeAll(async () => {
    t = await createTestApp();
    await journey('Trial expiring', 'trial.ending');
    await journey('Upsell', 'trial.ending');
    await journey('Nurture', 'trial.ending');
    await journey('Win-back', 'went.quiet');
    await journey('Newsletter', 'trial.ending');
    expect((await setPriority('Trial expiring', 1, 'Lifecycle', true)).status).toBe(200);
    expect((await setPriority('Upsell', 2, ' lifecycle ')).body.group).toBe('Lifecycle');
    expect((await setPriority('Nurture', 3, 'Lifecycle')).status).toBe(200);
    expect((await setPriority('Win-back', 4, 'Lifecycle')).status).toBe(200);
  });
  afterAll(() => t.close());

  it('enrols the highest priority of the group, the others get a line naming it; no group: unaffected', async () => {
    expect((await post('p-1', 'trial.ending')).status).toBe(202);
    expect(await live('p-1')).toEqual(['Newsletter', 'Trial expiring']);
    expect(await traceLines('p-1')).toEqual([
      "Upsell: not enrolled: in 'Trial expiring' (priority 1)",
      "Nurture: not enrolled: in 'Trial expiring' (priority 1)",
    ]);
    // The simulator of Upsell knows the group: the same line, nobody enrolled.
    const sim = await t.call('POST', `/v1/workflows/${ids.Upsell}/simulate`, {
      contact: { id: 'sim-1' },
      events: [{ after: 0, type: 'trial.ending' }],
    });
    expect(sim.status, JSON.stringify(sim.body)).toBe(200);
    expect(sim.body.outcome).toBe('not-enrolled');
    expect(sim.body.path.map((s: { reason: { summary: string } }) => s.reason.summary)).toEqual([
      "not enrolled: in 'Trial expiring' (priority 1)",
    ]);
    // Not a visit of their trigger: the journeys' stats count nobody.
    const stats = await t.call('GET', `/v1/workflows/${ids.Upsell}/stats`);
    expect(stats.body.nodes.find((n: { nodeType: string }) => n.nodeType === 'trigger')?.entered ?? 0).toBe(
      0,
    );
  });

  it('a contact in a lower journey stays unless the winner pre-empts, and then it is ended with a line', async () => {
    await post('p-2', 'went.quiet');
    expect(await live('p-2')).toEqual(['Win-back']);
    await post('p-2', 'trial.ending');
    expect(await live('p-2')).toEqual(['Newsletter', 'Trial expiring']);
    const [ended] = await t.db.sql<{ state: string }[]>`
      select state from enrollments where contact_id = 'p-2' and workflow_id = ${ids['Win-back'] as string}`;
    expect(ended?.state).toBe('exited');
    expect(await traceLines('p-2')).toEqual([
      "Win-back: ended: pre-empted by 'Trial expiring' (priority 1)",
      "Upsell: not enrolled: in 'Trial expiring' (priority 1)",
      "Nurture: not enrolled: in 'Trial expiring' (priority 1)",
    ]);
    // Without pre-empt, the contact in Win-back stays there.
    await setPriority('Trial expiring', 1, 'Lifecycle', false);
    await post('p-3', 'went.quiet');
    await post('p-3', 'trial.ending');
    expect(await live('p-3')).toEqual(['Newsletter', 'Win-back']);
    expect(await traceLines('p-3')).toContain("Trial expiring: not enrolled: in 'Win-back' (priority 4)");
    await setPriority('Trial expiring', 1, 'Lifecycle', true);
  });

  it('two events for one contact at once never enrol it in two journeys of a group', async () => {
    const { sql } = t.db;
    const registry = t.deps.registry;
    await t.call('PUT', '/v1/contacts/race-1', { attributes: {} });
    // The first ingest enrols in Win-back and holds its transaction open...
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let enrolled!: () => void;
    const firstEnrolled = new Promise<void>((resolve) => {
      enrolled = resolve;
    });
    const first = sql.begin(async (tx) => {
      await tx`insert into events (workspace_id, id, contact_id, type, properties, occurred_at)
               values (${t.workspaceId}, 'race-a', 'race-1', 'went.quiet', '{}', now())`;
      const ev = {
        id: 'race-a',
        contactId: 'race-1',
        type: 'went.quiet',
        properties: {},
        timestamp: new Date().toISOString(),
      };
      const outcome = await actOnEvents(tx, registry, t.workspaceId, [ev]);
      expect(outcome.enrolled).toBe(1);
      enrolled();
      await held;
    });
    // ...while a second one, which sees no enrollment yet (the first has not committed), tries to
    // enrol in the group's winner. Started once the first has enrolled: started at once, on a busy
    // machine it could enrol first and commit, and the first would then rightly enrol no one.
    await Promise.race([firstEnrolled, first]);
    const second = ingestEvents(sql, registry, t.workspaceId, [
      { id: 'race-b', contactId: 'race-1', type: 'trial.ending' },
    ]);
    await eventually(async () => {
      const [row] = await sql<{ waiting: number }[]>`
        select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`;
      return (row?.waiting ?? 0) > 0;
    }, 10_000);
    release();
    await first;
    await second;
    expect(await live('race-1')).toEqual(['Newsletter', 'Win-back']);
    expect(await traceLines('race-1')).toContain("Trial expiring: not enrolled: in 'Win-back' (priority 4)");
  });

  it('under load, concurrent events keep every contact in at most one journey of the group', async () => {
    const contacts = Array.from({ length: 30 }, (_, i) => `load-${i}`);
    // Straight to ingest (the HTTP layer's admission control would turn most of these away).
    const ingest = (contactId: string, type: string, id: string) =>
      ingestEvents(t.db.sql, t.deps.registry, t.workspaceId, [{ id, contactId, type }]);
    await Promise.all(
      contacts.flatMap((c) => [
        ingest(c, 'went.quiet', `${c}-a`),
        ingest(c, 'trial.ending', `${c}-b`),
        ingest(c, 'went.quiet', `${c}-c`),
      ]),
    );
    const rows = await t.db.sql<{ contactId: string; n: number }[]>`
      select contact_id, count(*)::int as n from enrollments
      where contact_id like 'load-%' and ended_at is null and exclusive_group = 'Lifecycle' group by 1`;
    expect(rows).toHaveLength(contacts.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it("a contact a journey's re-entry refuses goes to the next journey of the group", async () => {
    const once = async (name: string, priority: number) => {
      const graph = journeyOn('solo.go');
      graph.settings = { ...graph.settings, reentry: 'once' };
      const created = await t.call('POST', '/v1/workflows', { name, graph });
      ids[name] = created.body.id;
      await t.call('POST', `/v1/workflows/${created.body.id}/versions`, { message: 'v1', activate: true });
      expect((await setPriority(name, priority, 'Solo')).status).toBe(200);
    };
    await once('Once A', 1);
    await once('Once B', 2);
    await post('s-1', 'solo.go');
    expect(await live('s-1')).toEqual(['Once A']);
    // It finished A (re-entry: once), so the next event belongs to B.
    await t.db.sql`update enrollments set state = 'completed', ended_at = now() where contact_id = 's-1'`;
    await post('s-1', 'solo.go', 'solo.go-s-1-again');
    expect(await live('s-1')).toEqual(['Once B']);
    expect(await traceLines('s-1')).toEqual(["Once B: not enrolled: in 'Once A' (priority 1)"]);
  });

  it('the API names the field on bad input, audits before/after, and lists groups with overlap', async () => {
    const bad = await t.call('PUT', `/v1/workflows/${ids.Upsell}/priority`, {
      priority: 0,
      group: 'Lifecycle',
      preempt: false,
      reason: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/^priority: /);
    const noReason = await t.call('PUT', `/v1/workflows/${ids.Upsell}/priority`, {
      priority: 2,
      group: 'Lifecycle',
      preempt: false,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.detail).toMatch(/^reason: /);
    const [audit] = await t.db.sql<{ details: { before: unknown; after: unknown } }[]>`
      select details from audit_log where action = 'workflow.priority-set' and workflow_id = ${ids.Upsell as string}
      order by seq desc limit 1`;
    expect(audit?.details.before).toEqual({ priority: 1, group: null, preempt: false });
    expect(audit?.details.after).toEqual({ priority: 2, group: 'Lifecycle', preempt: false });

    const view = await t.call('GET', '/v1/journey-priorities');
    expect(view.status).toBe(200);
    const lifecycle = view.body.groups.find((g: { name: string }) => g.name === 'Lifecycle');
    expect(lifecycle.journeys.map((j: { name: string }) => j.name)).toEqual([
      'Trial expiring',
      'Upsell',
      'Nurture',
      'Win-back',
    ]);
    const pair = lifecycle.overlaps.find(
      (o: { a: string; b: string }) =>
        [o.a, o.b].includes(ids['Trial expiring'] as string) && [o.a, o.b].includes(ids.Upsell as string),
    );
    // Every contact that got a trial.ending event qualified for both.
    expect(pair.contacts).toBeGreaterThanOrEqual(3);
    expect(view.body.groups.at(-1).name).toBeNull();

    const reorder = await t.call('PUT', '/v1/journey-priorities/order', {
      group: 'Lifecycle',
      journeys: [ids.Upsell, ids['Trial expiring'], ids.Nurture],
      reason: 'upsell first',
    });
    expect(reorder.status).toBe(422);
    expect(reorder.body.detail).toContain("'Win-back'");
    const ok = await t.call('PUT', '/v1/journey-priorities/order', {
      group: 'Lifecycle',
      journeys: [ids.Upsell, ids['Trial expiring'], ids.Nurture, ids['Win-back']],
      reason: 'upsell first',
    });
    expect(ok.status).toBe(200);
    const order = ok.body.groups.find((g: { name: string }) => g.name === 'Lifecycle').journeys;
    expect(order.map((j: { name: string; priority: number }) => `${j.priority} ${j.name}`)).toEqual([
      '1 Upsell',
      '2 Trial expiring',
      '3 Nurture',
      '4 Win-back',
    ]);
  });
});
