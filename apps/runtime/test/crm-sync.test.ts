import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../src/channels/index.js';
import { TASKS } from '../src/queue/jobs.js';
import type { TestApp } from '../src/testing/testApp.js';
import { advanceEnrollments } from '../src/walk/advanceEnrollments.js';
import { type CrmReceiver, createChannelsApp, linearJourney, startCrmReceiver } from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

type Body = { type: string; data: Record<string, unknown> };

describe('update-contact steps write the contact once and sync to the CRM with the handoff', () => {
  let t: TestApp;
  let crm: CrmReceiver;
  const secret = generateWebhookSecret();

  beforeAll(async () => {
    crm = await startCrmReceiver(() => [secret]);
    t = await createChannelsApp();
    const saved = await t.call('PUT', '/v1/settings/channels', {
      crm: { webhookUrl: crm.url, secrets: [{ secret }] },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await publishJourney(
      t,
      linearJourney('demo-booked', 'demo.booked', [
        {
          id: 'to-sql',
          type: 'update-contact',
          config: {
            changes: [
              { op: 'set', attribute: 'lifecycle_stage', value: 'sql' },
              { op: 'set', attribute: 'plan', value: '{{ event.properties.plan | upcase }}' },
              { op: 'copy', attribute: 'demo_at', from: 'event.properties.at' },
              { op: 'increment', attribute: 'demos', by: 1 },
              { op: 'unset', attribute: 'nurture_track' },
            ],
          },
        },
        {
          id: 'quiet',
          type: 'update-contact',
          config: {
            changes: [{ op: 'set', attribute: 'seen_by_journey', value: 'yes', type: 'boolean' }],
            syncToCrm: false,
          },
        },
        {
          id: 'to-sales',
          type: 'sales-handoff',
          config: {
            assignment: { mode: 'owner', owner: 'ana@example.com' },
            note: '{{ contact.first_name }} is {{ contact.lifecycle_stage }} on {{ contact.plan }}',
            stopMarketing: false,
          },
        },
      ]),
    );
  });
  afterAll(async () => {
    await t?.close();
    await crm?.close();
  });

  it('applies the changes, shows them before/after in the trace, and sends contact.updated then handoff.created', async () => {
    await t.call('PUT', '/v1/contacts/mara', {
      attributes: {
        email: 'mara@acme.io',
        first_name: 'Mara',
        lifecycle_stage: 'mql',
        demos: 2,
        nurture_track: 'b',
      },
    });
    const sent = await t.call('POST', '/v1/events', {
      contactId: 'mara',
      type: 'demo.booked',
      properties: { plan: 'growth', at: '2026-12-01T10:00:00Z' },
    });
    expect(sent.status).toBe(202);
    const bodies = await eventually(async () => {
      const ok = crm.requests.filter((r) => r.status === 204).map((r) => r.body as Body);
      return ok.length >= 2 && ok;
    });
    const contact = await t.call('GET', '/v1/contacts/mara');
    expect(contact.body.attributes).toEqual({
      email: 'mara@acme.io',
      first_name: 'Mara',
      lifecycle_stage: 'sql',
      plan: 'GROWTH',
      demo_at: '2026-12-01T10:00:00Z',
      demos: 3,
      seen_by_journey: true,
    });
    expect(bodies.map((b) => b.type).sort()).toEqual(['contact.updated', 'handoff.created']);
    const update = bodies.find((b) => b.type === 'contact.updated');
    expect(update?.data).toMatchObject({
      contactId: 'mara',
      email: 'mara@acme.io',
      nodeId: 'to-sql',
      changes: [
        { attribute: 'lifecycle_stage', op: 'set', before: 'mql', after: 'sql' },
        { attribute: 'plan', op: 'set', before: null, after: 'GROWTH' },
        { attribute: 'demo_at', op: 'copy', before: null, after: '2026-12-01T10:00:00Z' },
        { attribute: 'demos', op: 'increment', before: 2, after: 3, by: 1 },
        { attribute: 'nurture_track', op: 'unset', before: 'b', after: null },
      ],
    });
    // The handoff's note reads the contact as the steps before it left it.
    expect(bodies.find((b) => b.type === 'handoff.created')?.data).toMatchObject({
      email: 'mara@acme.io',
      note: 'Mara is sql on GROWTH',
    });
    expect(crm.requests.every((r) => r.verified)).toBe(true);
    // Only the synced step went to the CRM.
    expect(crm.requests.filter((r) => (r.body as Body).data.nodeId === 'quiet')).toEqual([]);
    const trace = (await t.call('GET', '/v1/contacts/mara/trace')).body.items as Array<{
      nodeId: string;
      reason: { summary: string; details: { changes: unknown[] } };
    }>;
    const step = trace.find((s) => s.nodeId === 'to-sql');
    expect(step?.reason.summary).toBe(
      'Updated lifecycle_stage: mql → sql, plan: (empty) → GROWTH, demo_at: (empty) → 2026-12-01T10:00:00Z, demos: 2 → 3, nurture_track: b → (empty)',
    );
  });

  it('a walk run again (a retried job) changes nothing the second time', async () => {
    await t.call('PUT', '/v1/contacts/otto', { attributes: { demos: 0 } });
    await t.call('POST', '/v1/events', {
      contactId: 'otto',
      type: 'demo.booked',
      properties: { plan: 'pro' },
    });
    const otto = await eventually(async () => {
      const c = (await t.call('GET', '/v1/contacts/otto')).body;
      return c.attributes.seen_by_journey === true && c;
    });
    expect(otto.attributes.demos).toBe(1);
    const [enrollment] = await t.db.sql<
      { id: string }[]
    >`select id from enrollments where contact_id = 'otto'`;
    // The advance job that walked it, replayed: its visit is stale, so it does nothing.
    const again = await advanceEnrollments(t.deps.sql, t.deps.registry, [
      { enrollmentId: String(enrollment?.id), visit: 0 },
    ]);
    expect(again.advanced).toBe(0);
    const ledger = await t.db.sql<{ kind: string; state: string }[]>`
      select kind, state from effects where contact_id = 'otto' and kind = 'contact-update' order by id`;
    expect(ledger).toEqual([
      { kind: 'contact-update', state: expect.stringMatching(/pending|sent/) },
      { kind: 'contact-update', state: 'sent' },
    ]);
    expect((await t.call('GET', '/v1/contacts/otto')).body.attributes.demos).toBe(1);
    expect(TASKS.deliverHandoff).toBe('deliver-handoff');
  });
});
