import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createTestApp, type TestApp } from '../src/testing/testApp.js';
import { checkJourneyGuardrails } from '../src/worker/guardrailMonitor.js';
import { exampleGraph } from './helpers.js';

// The monitor reads delivery outcomes from the ledger. Here the outcomes are written into the real
// ledger as the delivery jobs record them (sent / failed), so a test can choose the failure rate
// without an SMTP server failing on cue; what the monitor then does goes through the real code.
describe('journey guardrails act', () => {
  let t: TestApp;
  let id: string;
  const logger = createLogger('silent');
  beforeAll(async () => {
    t = await createTestApp();
    const graph = exampleGraph('pricing-page-handoff');
    id = (await t.call('POST', '/v1/workflows', { name: 'Pricing', graph })).body.id;
    await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v1', activate: true });
    await t.call('PUT', `/v1/workflows/${id}/draft`, { graph: { ...graph, description: 'v2' } });
    await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'v2' });
    await t.call('PUT', `/v1/workflows/${id}/rollout`, { version: 2, percent: 50, reason: 'try v2' });
    const batch = Array.from({ length: 300 }, (_, i) => ({
      id: `g-view-${i}`,
      contactId: `g-${i}`,
      type: 'page.viewed',
      properties: { page: 'pricing' },
      timestamp: '2026-11-24T10:00:00.000Z',
    }));
    await t.call('POST', '/v1/events', { batch });
  });
  afterAll(() => t.close());

  /** Email outcomes of `failed` of the version's enrollments failing, the rest sent. */
  async function emails(version: number, failed: number, tag: string) {
    const enrolled = await t.db.sql<{ id: string; contactId: string }[]>`
      select id, contact_id from enrollments where workflow_id = ${id} and version = ${version} order by id`;
    await t.db.sql`
      insert into effects (workspace_id, idempotency_key, enrollment_id, workflow_id, version, node_id, contact_id,
                           kind, state, payload, sent_at)
      select ${t.workspaceId}, ${tag} || x.id, x.id, ${id}, ${version}, 'pricing-follow-up', x.contact_id, 'email',
             case when x.n <= ${failed} then 'failed' else 'sent' end, '{}'::jsonb, now()
      from unnest(${enrolled.map((e) => e.id)}::bigint[], ${enrolled.map((e) => e.contactId)}::text[])
        with ordinality as x(id, contact_id, n)`;
    return enrolled.length;
  }
  const snapshot = () =>
    t.db.sql`select id, state, node_id, visit from enrollments where workflow_id = ${id} order by id`;
  const effectCount = async () =>
    (await t.db.sql<{ n: number }[]>`select count(*)::int as n from effects where workflow_id = ${id}`)[0]!.n;

  it('refuses thresholds outside 0–1 (400 naming the field)', async () => {
    const bad = await t.call('PUT', `/v1/workflows/${id}/guardrails`, {
      maxUnsubscribeRate: 2,
      maxFailureRate: null,
      maxComplaintRate: null,
      minSample: 10,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].path).toBe('maxUnsubscribeRate');
  });

  it('sends a rollout that crosses a threshold back to 0%, audited with the figures, moving nobody', async () => {
    await emails(1, 0, 'v1-');
    const onV2 = await emails(2, 30, 'v2-');
    const set = await t.call('PUT', `/v1/workflows/${id}/guardrails`, {
      maxUnsubscribeRate: 0.05,
      maxFailureRate: 0.1,
      maxComplaintRate: 0.02,
      minSample: 50,
    });
    expect(set.status).toBe(200);
    const v2 = set.body.versions.find((v: { version: number }) => v.version === 2);
    expect(v2).toMatchObject({ side: 'rollout', sample: onV2, crossed: 'failure' });
    expect(v2.failureRate).toBeCloseTo(30 / onV2, 10);
    expect(set.body.versions.find((v: { version: number }) => v.version === 1).crossed).toBeNull();

    const before = await snapshot();
    const effects = await effectCount();
    const acted = await checkJourneyGuardrails(t.deps.sql, logger);
    expect(acted).toEqual([{ version: 2, metric: 'failure', rate: 30 / onV2, threshold: 0.1, sample: onV2 }]);
    const rollout = await t.call('GET', `/v1/workflows/${id}/rollout`);
    expect(rollout.body).toMatchObject({ activeVersion: 1, rolloutVersion: 2, rolloutPercent: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await effectCount()).toBe(effects);
    const [audit] = await t.db.sql<{ actor: string; details: Record<string, unknown> }[]>`
      select actor, details from audit_log where workflow_id = ${id} and action = 'workflow.rollout'
      order by seq desc limit 1`;
    expect(audit).toMatchObject({
      actor: 'guardrail monitor',
      details: { toPercent: 0, fromPercent: 50, figures: { metric: 'failure', sample: onV2 } },
    });
    expect(String(audit!.details.reason)).toMatch(
      /^Guardrail: email failure rate \d+(\.\d)?% over 10% on \d+ emails of v2$/,
    );
    expect(await checkJourneyGuardrails(t.deps.sql, logger)).toEqual([]);
  });

  it('pauses the journey when the live version crosses one, and shows the trips', async () => {
    await emails(1, 1000, 'v1-failed-');
    const before = await snapshot();
    const acted = await checkJourneyGuardrails(t.deps.sql, logger);
    expect(acted.map((c) => [c.version, c.metric])).toEqual([[1, 'failure']]);
    const workflow = await t.call('GET', `/v1/workflows/${id}`);
    expect(workflow.body.status).toBe('paused');
    expect(await snapshot()).toEqual(before);
    const report = await t.call('GET', `/v1/workflows/${id}/guardrails`);
    expect(
      report.body.trips.map((trip: { action: string; version: number }) => [trip.action, trip.version]),
    ).toEqual([
      ['paused', 1],
      ['rollout-stopped', 2],
    ]);
    expect(report.body.trips[0].summary).toMatch(/^email failure rate 50% over 10% on \d+ emails of v1$/);
    const versions = await t.call('GET', `/v1/workflows/${id}/versions`);
    const v1 = versions.body.items.find((v: { version: number }) => v.version === 1);
    expect(v1.history.at(-1)).toMatchObject({
      kind: 'paused',
      reason: expect.stringMatching(/^Guardrail: /),
    });
    expect(await checkJourneyGuardrails(t.deps.sql, logger)).toEqual([]);
  });
});
