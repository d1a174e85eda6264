import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduled } from '../src/ingest/scheduledRun.js';
import { planScheduledRuns } from '../src/ingest/schedulePlan.js';
import { createTestApp, type TestApp } from '../src/testing/testApp.js';
import { createEngineApp, eventually } from './helpers.js';

const at = { x: 0, y: 0 };
const journey = (id: string, schedule: unknown, reentry = 'always'): GraphInput => ({
  schemaVersion: 1,
  id,
  name: `Digest ${id}`,
  settings: { reentry: reentry as 'always', timezone: 'Europe/Berlin' },
  nodes: [
    {
      id: 'due',
      type: 'trigger',
      version: 1,
      position: at,
      config: { on: 'schedule', segment: 'subscribers', schedule },
    },
    { id: 'pause', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'P30D' } },
  ],
  edges: [{ id: 'a', source: 'due', sourceHandle: 'next', target: 'pause' }],
});

async function live(t: TestApp, graph: GraphInput): Promise<{ id: string; version: number }> {
  const created = await t.call('POST', '/v1/workflows', { graph });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const published = await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1', activate: true });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  return { id, version: published.body.version as number };
}

const enrolled = async (t: TestApp, workflowId: string) =>
  (
    await t.db.sql<{ contactId: string }[]>`
      select contact_id from enrollments where workflow_id = ${workflowId} order by contact_id`
  ).map((r) => r.contactId);

async function setUp(t: TestApp) {
  const made = await t.call('POST', '/v1/segments', {
    name: 'subscribers',
    rule: { '==': [{ var: 'contact.digest' }, true] },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const people: Record<string, Record<string, unknown>> = {
    tokyo: { digest: true, timezone: 'Asia/Tokyo' },
    berlin: { digest: true },
    la: { digest: true, timezone: 'America/Los_Angeles' },
    out: { digest: false, timezone: 'Asia/Tokyo' },
  };
  for (const [id, attributes] of Object.entries(people))
    await t.call('PUT', `/v1/contacts/${id}`, { attributes });
}

describe('scheduled triggers, run by hand with a fixed clock (real Postgres)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await setUp(t);
  });
  afterAll(() => t?.close());
  const run = (workflowId: string, version: number, slot: string, now: string) =>
    runScheduled(
      t.db.sql,
      t.deps.registry,
      { workspaceId: t.workspaceId, workflowId, version, slot },
      () => new Date(now),
    );

  it('a one-off broadcast in the journey zone: planned once with its job, enrols the segment once', async () => {
    const { id, version } = await live(
      t,
      journey('once', { repeat: 'once', at: '2030-01-01T09:00', zone: 'journey' }),
    );
    expect(await planScheduledRuns(t.db.sql, t.deps.registry, new Date('2029-12-31T00:00:00Z'))).toBe(1);
    expect(await planScheduledRuns(t.db.sql, t.deps.registry, new Date('2029-12-31T00:00:05Z'))).toBe(0);
    const [job] = await t.db.sql`
      select run_at, key from graphile_worker.jobs where task_identifier = 'scheduled-run'`;
    // 09:00 in Berlin in winter is 08:00 UTC.
    expect(job?.runAt.toISOString()).toBe('2030-01-01T08:00:00.000Z');
    expect(job?.key).toBe(`schedule:${id}:${version}:2030-01-01T09:00`);

    const first = await run(id, version, '2030-01-01T09:00', '2030-01-01T08:00:01Z');
    expect(first).toMatchObject({ state: 'done', contacts: 3, enrolled: 3 });
    expect(await enrolled(t, id)).toEqual(['berlin', 'la', 'tokyo']);

    // A crash after the work committed but before the job completed: the retry doubles nothing.
    await t.db.sql`update scheduled_runs set state = 'running' where workflow_id = ${id}`;
    const again = await run(id, version, '2030-01-01T09:00', '2030-01-01T08:05:00Z');
    expect(again).toMatchObject({ state: 'done', contacts: 0, enrolled: 0 });
    expect(await enrolled(t, id)).toEqual(['berlin', 'la', 'tokyo']);
    const runs = await t.call('GET', `/v1/workflows/${id}/scheduled-runs`);
    expect(runs.body.items).toMatchObject([
      { slot: '2030-01-01T09:00', state: 'done', contacts: 3, enrolled: 3 },
    ]);
    await t.call('POST', `/v1/workflows/${id}/pause`, {});
  });

  it("in the contact's time zone: each zone at its own 09:00, in passes, every contact once", async () => {
    const { id, version } = await live(
      t,
      journey('daily', { repeat: 'daily', time: '09:00', zone: 'contact' }),
    );
    const slot = '2030-01-02T09:00';
    // Planned before the first zone on Earth (UTC+14) reaches the slot: 19:00Z the day before.
    expect(await planScheduledRuns(t.db.sql, t.deps.registry, new Date('2030-01-01T12:00:00Z'))).toBe(1);
    const [planned] = await t.db.sql`select starts_at, ends_at from scheduled_runs where workflow_id = ${id}`;
    expect(planned).toEqual({
      startsAt: new Date('2030-01-01T19:00:00Z'),
      endsAt: new Date('2030-01-02T21:00:00Z'),
    });
    // 00:30Z: Tokyo (UTC+9) has reached 09:00, Berlin (the journey's zone, UTC+1) and LA (UTC−8) not.
    const one = await run(id, version, slot, '2030-01-02T00:30:00Z');
    expect(one).toMatchObject({
      state: 'waiting',
      enrolled: 1,
      nextPassAt: new Date('2030-01-02T08:00:00Z'),
    });
    expect(await enrolled(t, id)).toEqual(['tokyo']);
    const next = await t.db.sql`
      select run_at from graphile_worker.jobs where key = ${`schedule:${id}:${version}:${slot}:2030-01-02T08:00:00.000Z`}`;
    expect(next).toHaveLength(1);
    expect(await run(id, version, slot, '2030-01-02T08:00:00Z')).toMatchObject({
      state: 'waiting',
      enrolled: 1,
    });
    expect(await run(id, version, slot, '2030-01-02T17:00:00Z')).toMatchObject({
      state: 'done',
      enrolled: 1,
    });
    expect(await enrolled(t, id)).toEqual(['berlin', 'la', 'tokyo']);
    const [row] = await t.db
      .sql`select state, contacts, enrolled from scheduled_runs where workflow_id = ${id}`;
    expect(row).toMatchObject({ state: 'done', contacts: 3, enrolled: 3 });
    await t.call('POST', `/v1/workflows/${id}/pause`, {});
  });

  it('skips a run whose version is no longer live, saying why', async () => {
    const { id, version } = await live(
      t,
      journey('paused', { repeat: 'daily', time: '07:00', zone: 'journey' }),
    );
    expect(await planScheduledRuns(t.db.sql, t.deps.registry, new Date('2030-02-01T00:00:00Z'))).toBe(1);
    await t.call('POST', `/v1/workflows/${id}/pause`, {});
    const outcome = await run(id, version, '2030-02-01T07:00', '2030-02-01T06:00:01Z');
    expect(outcome.state).toBe('skipped');
    const runs = await t.call('GET', `/v1/workflows/${id}/scheduled-runs`);
    expect(runs.body.items).toMatchObject([{ state: 'skipped', note: 'the version was no longer live' }]);
    expect(await enrolled(t, id)).toEqual([]);
  });

  it('previews the next runs and the count; a bad schedule is a 400 naming the field', async () => {
    const created = await t.call('POST', '/v1/workflows', {
      graph: journey('preview', { repeat: 'daily', time: '09:00', zone: 'journey' }),
    });
    const id = created.body.id as string;
    const preview = await t.call('POST', `/v1/workflows/${id}/schedule-preview`, {
      segment: 'subscribers',
      schedule: { repeat: 'weekly', days: ['mon'], time: '09:00', zone: 'journey' },
      count: 2,
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ timezone: 'Europe/Berlin', segmentFound: true, contacts: 3 });
    expect(preview.body.description).toBe('Every Monday at 09:00 (Europe/Berlin)');
    expect(preview.body.runs).toHaveLength(2);
    expect(new Date(preview.body.runs[0].startsAt).getTime()).toBeGreaterThan(Date.now());
    const bad = await t.call('POST', `/v1/workflows/${id}/schedule-preview`, {
      segment: 'subscribers',
      schedule: { repeat: 'daily', time: '9am', zone: 'journey' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].path).toBe('schedule.time');
    const zone = await t.call('POST', `/v1/workflows/${id}/schedule-preview`, {
      segment: 'subscribers',
      schedule: { repeat: 'daily', time: '09:00' },
      timezone: 'Mars/Olympus',
    });
    expect(zone.status).toBe(400);
    expect(zone.body.problems[0].path).toBe('timezone');
  });
});

describe('scheduled triggers, run by the worker', () => {
  let t: Awaited<ReturnType<typeof createEngineApp>>;
  beforeAll(async () => {
    t = await createEngineApp();
    await setUp(t);
  });
  afterAll(() => t?.close());

  it('the sweep plans the next run and the worker enrols the segment when it is due', async () => {
    // A run planned before (as if the worker had been down at its time) runs as soon as a worker is back.
    const { id } = await live(
      t,
      journey('late', { repeat: 'once', at: '2026-01-01T09:00', zone: 'journey' }),
    );
    expect(await planScheduledRuns(t.db.sql, t.deps.registry, new Date('2025-12-31T00:00:00Z'))).toBe(1);
    expect(await eventually(async () => (await enrolled(t, id)).length === 3 && enrolled(t, id))).toEqual([
      'berlin',
      'la',
      'tokyo',
    ]);
    const [row] = await eventually(async () => {
      const rows = await t.db.sql`select state, enrolled from scheduled_runs where workflow_id = ${id}`;
      return rows[0]?.state === 'done' && rows;
    });
    expect(row).toMatchObject({ state: 'done', enrolled: 3 });
    const trace = await eventually(async () => {
      const answer = await t.call('GET', '/v1/contacts/tokyo/trace');
      return (answer.body.items as unknown[]).length > 0 && JSON.stringify(answer.body);
    });
    expect(trace).toContain('Scheduled run of 2026-01-01 09:00');
  });
});
