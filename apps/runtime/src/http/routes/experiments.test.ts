import { inControlGroup, rolloutSide } from '@crossroads/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { validGraph } from './testGraphs.js';

const viewed = (contactId: string, page = 'pricing') => ({
  id: `view-${contactId}`,
  contactId,
  type: 'page.viewed',
  properties: { page },
  timestamp: '2026-11-24T10:00:00.000Z',
});
const booked = (contactId: string) => ({
  id: `booked-${contactId}`,
  contactId,
  type: 'meeting.booked',
  properties: {},
  timestamp: '2026-11-24T11:00:00.000Z',
});

describe('rollout and control group routes', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp();
    const created = await t.call('POST', '/v1/workflows', { name: 'Pricing', graph: validGraph() });
    id = created.body.id;
    await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1', activate: true });
    await t.call('PUT', `/v1/workflows/${id}/draft`, {
      graph: { ...validGraph(), description: 'shorter copy' },
    });
    await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v2' });
  });
  afterAll(() => t.close());

  it('refuses a rollout without a reason (400), of the live version (422) or of a missing one (404)', async () => {
    const noReason = await t.call('PUT', `/v1/workflows/${id}/rollout`, { version: 2, percent: 10 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.problems[0].path).toBe('reason');
    const live = await t.call('PUT', `/v1/workflows/${id}/rollout`, { version: 1, percent: 10, reason: 'x' });
    expect(live.status).toBe(422);
    const missing = await t.call('PUT', `/v1/workflows/${id}/rollout`, {
      version: 9,
      percent: 10,
      reason: 'x',
    });
    expect(missing.status).toBe(404);
    const tooMuch = await t.call('PUT', `/v1/workflows/${id}/control-group`, { percent: 80, reason: 'x' });
    expect(tooMuch.status).toBe(400);
  });

  it('splits new enrolments by contact between the versions, holds out the control group, and reports each side', async () => {
    const rollout = await t.call('PUT', `/v1/workflows/${id}/rollout`, {
      version: 2,
      percent: 30,
      reason: 'try the shorter copy on 30%',
    });
    expect(rollout.status).toBe(200);
    expect(rollout.body).toMatchObject({ activeVersion: 1, rolloutVersion: 2, rolloutPercent: 30 });
    const control = await t.call('PUT', `/v1/workflows/${id}/control-group`, {
      percent: 20,
      reason: 'measure lift',
    });
    expect(control.body.controlPercent).toBe(20);

    const ids = Array.from({ length: 200 }, (_, i) => `rc-${i}`);
    const ingest = await t.call('POST', '/v1/events', { batch: ids.map((c) => viewed(c)) });
    expect(ingest.status).toBe(202);
    const rows = await t.db.sql<{ contactId: string; version: number; cohort: string; state: string }[]>`
      select contact_id, version, cohort, state from enrollments where workflow_id = ${id}`;
    expect(rows).toHaveLength(200);
    for (const row of rows) {
      const side = rolloutSide(t.workspaceId, id, row.contactId, { version: 2, percent: 30 });
      expect(row.version).toBe(side === 'rollout' ? 2 : 1);
      const held = inControlGroup(t.workspaceId, id, row.contactId, 20);
      expect(row.cohort).toBe(held ? 'control' : 'treated');
      expect(row.state).toBe(held ? 'held' : 'active');
    }
    const onNew = rows.filter((r) => r.version === 2).length;
    expect(onNew).toBeGreaterThan(35);
    expect(onNew).toBeLessThan(85);
    // Control contacts get no job: nothing will ever run (and send) for them.
    const jobs = await t.db.sql<{ payload: { enrollmentId?: string; batch?: { enrollmentId: string }[] } }[]>`
      select payload from graphile_worker._private_jobs`;
    const queued = new Set(
      jobs.flatMap((j) => (j.payload.batch ?? [j.payload]).map((p) => String(p.enrollmentId))),
    );
    const enrolled = await t.db.sql<{ id: string; cohort: string }[]>`
      select id, cohort from enrollments where workflow_id = ${id}`;
    for (const row of enrolled) expect(queued.has(String(row.id))).toBe(row.cohort === 'treated');

    // Goals are followed for both cohorts.
    const converting = ids.slice(0, 60);
    await t.call('POST', '/v1/events', { batch: converting.map(booked) });
    const report = await t.call('GET', `/v1/workflows/${id}/rollout`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      activeVersion: 1,
      rolloutVersion: 2,
      rolloutPercent: 30,
      controlPercent: 20,
    });
    const [live, rolled] = report.body.sides;
    expect(live).toMatchObject({ version: 1, side: 'live', percent: 70 });
    expect(rolled).toMatchObject({ version: 2, side: 'rollout', percent: 30 });
    const expected = (version: number, cohort: string, contacts: string[]) =>
      rows.filter((r) => r.version === version && r.cohort === cohort && contacts.includes(r.contactId))
        .length;
    for (const side of [live, rolled]) {
      expect(side.enrolments).toBe(expected(side.version, 'treated', ids));
      expect(side.controlEnrolments).toBe(expected(side.version, 'control', ids));
      expect(side.conversions).toBe(expected(side.version, 'treated', converting));
      expect(side.controlConversions).toBe(expected(side.version, 'control', converting));
      expect(side.lift.rate).toBeCloseTo(side.conversions / side.enrolments, 10);
      expect(side.lift.enoughData).toBe(false);
    }
  });

  it('raises the share in steps, audited with each reason, and makes the version live at 100%', async () => {
    await t.call('PUT', `/v1/workflows/${id}/rollout`, { version: 2, percent: 60, reason: 'looks fine' });
    const before = await t.db.sql<{ contactId: string; version: number }[]>`
      select contact_id, version from enrollments where workflow_id = ${id} order by id`;
    const done = await t.call('PUT', `/v1/workflows/${id}/rollout`, {
      version: 2,
      percent: 100,
      reason: 'ship it',
    });
    expect(done.body).toMatchObject({ activeVersion: 2, rolloutVersion: null, rolloutPercent: 0 });
    const after = await t.db.sql<{ contactId: string; version: number }[]>`
      select contact_id, version from enrollments where workflow_id = ${id} order by id`;
    expect(after).toEqual(before);
    const audit = await t.db.sql<{ action: string; details: Record<string, unknown> }[]>`
      select action, details from audit_log where workflow_id = ${id}
        and action in ('workflow.rollout', 'workflow.activated', 'workflow.control-group') order by seq`;
    expect(
      audit.map((a) => [a.action, a.details.toPercent ?? a.details.toVersion, a.details.reason ?? null]),
    ).toEqual([
      ['workflow.activated', 1, null],
      ['workflow.rollout', 30, 'try the shorter copy on 30%'],
      ['workflow.control-group', 20, 'measure lift'],
      ['workflow.rollout', 60, 'looks fine'],
      ['workflow.rollout', 100, 'ship it'],
      ['workflow.activated', 2, 'ship it'],
    ]);
    const versions = await t.call('GET', `/v1/workflows/${id}/versions`);
    expect(versions.body.items[0]).toMatchObject({ version: 2, active: true });
  });
});
