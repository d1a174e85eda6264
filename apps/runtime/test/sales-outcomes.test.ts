import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../src/testing/testApp.js';
import { createChannelsApp } from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

const at = { x: 0, y: 0 };
/** Qualified lead → handoff → wait for the deal to be won (30 days) → customer. */
const wonJourney = {
  schemaVersion: 1,
  id: 'qualified-to-won',
  name: 'Qualified to won',
  settings: { reentry: 'once' },
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      version: 1,
      position: at,
      config: { on: 'event', event: 'lead.qualified' },
    },
    {
      id: 'to-sales',
      type: 'sales-handoff',
      version: 1,
      position: at,
      config: { assignment: { mode: 'owner', owner: 'ana@example.com' }, stopMarketing: false },
    },
    {
      id: 'wait-won',
      type: 'wait',
      version: 1,
      position: at,
      config: { mode: 'event', event: 'handoff.won', timeout: 'P30D' },
    },
    {
      id: 'customer',
      type: 'update-contact',
      version: 1,
      position: at,
      config: {
        changes: [
          { op: 'set', attribute: 'lifecycle_stage', value: 'customer' },
          { op: 'copy', attribute: 'deal_value', from: 'event.properties.amount' },
        ],
        syncToCrm: false,
      },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'to-sales' },
    { id: 'e2', source: 'to-sales', sourceHandle: 'next', target: 'wait-won' },
    { id: 'e3', source: 'wait-won', sourceHandle: 'event', target: 'customer' },
  ],
};

describe('sales feedback comes back: outcomes become events and feed reporting', () => {
  let t: TestApp;
  let crmKey: string;
  let workflowId: string;
  const handoffOf = new Map<string, string>();

  beforeAll(async () => {
    t = await createChannelsApp();
    crmKey = (await t.call('POST', '/v1/api-keys', { name: 'CRM', role: 'ingest' })).body.key;
    for (const [name, rule] of [
      ['enterprise', { '>=': [{ var: 'contact.employees' }, 500] }],
      ['smb', { '<': [{ var: 'contact.employees' }, 500] }],
    ] as const) {
      expect((await t.call('POST', '/v1/segments', { name, rule })).status).toBe(201);
    }
    workflowId = await publishJourney(t, wonJourney);
    const leads = { e1: 2000, e2: 800, s1: 40, s2: 12, s3: 90 };
    for (const [id, employees] of Object.entries(leads)) {
      await t.call('PUT', `/v1/contacts/${id}`, { attributes: { employees, email: `${id}@example.com` } });
      await t.call('POST', '/v1/events', { contactId: id, type: 'lead.qualified' });
    }
    const items = await eventually(async () => {
      const list = (await t.call('GET', '/v1/handoffs')).body.items as Array<{
        id: string;
        contactId: string;
        state: string;
      }>;
      return list.length === 5 && list.every((h) => h.state === 'delivered-to-ledger') && list;
    });
    for (const h of items) handoffOf.set(h.contactId, h.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const outcome = (contact: string, body: unknown, key = crmKey) =>
    t.call('POST', `/v1/handoffs/${handoffOf.get(contact)}/outcome`, body, key);
  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

  it('records each outcome once, as a handoff.<outcome> event, with an ingest key', async () => {
    const first = await outcome('s2', {
      outcome: 'won',
      amount: 900,
      currency: 'EUR',
      occurredAt: hoursFromNow(2),
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      handoffId: handoffOf.get('s2'),
      outcome: 'won',
      event: { id: `handoff.won:${handoffOf.get('s2')}`, type: 'handoff.won' },
      duplicate: false,
    });
    const again = await outcome('s2', { outcome: 'won', amount: 900, currency: 'EUR' });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    // The journey waiting for the deal went on: the contact is a customer, with the deal's value.
    const s2 = await eventually(async () => {
      const c = (await t.call('GET', '/v1/contacts/s2')).body;
      return c.attributes.lifecycle_stage === 'customer' && c;
    });
    expect(s2.attributes.deal_value).toBe(900);
    const [event] = await t.db.sql<{ properties: Record<string, unknown> }[]>`
      select properties from events where id = ${`handoff.won:${handoffOf.get('s2')}`}`;
    expect(event?.properties).toMatchObject({
      handoffId: handoffOf.get('s2'),
      outcome: 'won',
      workflowId,
      nodeId: 'to-sales',
      owner: 'ana@example.com',
      amount: 900,
      currency: 'EUR',
    });
  });

  it('refuses bad input naming the field, unknown handoffs, and keys without event:write', async () => {
    const noCurrency = await outcome('e1', { outcome: 'won', amount: 10 });
    expect(noCurrency.status).toBe(400);
    expect(JSON.stringify(noCurrency.body)).toContain('currency');
    const noReason = await outcome('e1', { outcome: 'rejected' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    expect(
      (await t.call('POST', '/v1/handoffs/99999999/outcome', { outcome: 'accepted' }, crmKey)).status,
    ).toBe(404);
    const auditor = (await t.call('POST', '/v1/api-keys', { name: 'Auditor', role: 'auditor' })).body.key;
    expect((await outcome('e1', { outcome: 'accepted' }, auditor)).status).toBe(403);
  });

  it('reports acceptance and time to won per journey, version and segment, fastest segment first', async () => {
    expect((await outcome('e1', { outcome: 'accepted' })).status).toBe(201);
    expect(
      (await outcome('e1', { outcome: 'won', amount: 12000, currency: 'EUR', occurredAt: hoursFromNow(50) }))
        .status,
    ).toBe(201);
    expect((await outcome('e2', { outcome: 'lost', reason: 'chose a competitor' })).status).toBe(201);
    expect((await outcome('s1', { outcome: 'rejected', reason: 'not a fit' })).status).toBe(201);
    const report = await t.call('GET', `/v1/workflows/${workflowId}/sales-outcomes`);
    expect(report.status).toBe(200);
    const { total, byVersion, bySegment } = report.body;
    expect(total).toMatchObject({
      handoffs: 5,
      accepted: 3,
      rejected: 1,
      won: 2,
      lost: 1,
      awaiting: 1,
      acceptanceRate: 0.75,
      winRate: 0.4,
      wonAmount: { EUR: 12900 },
    });
    expect(total.medianHoursToWon).toBeGreaterThan(25);
    expect(byVersion).toEqual([expect.objectContaining({ version: 1, handoffs: 5 })]);
    expect(bySegment.map((s: { segment: string }) => s.segment)).toEqual(['smb', 'enterprise']);
    expect(bySegment[0]).toMatchObject({
      segment: 'smb',
      handoffs: 3,
      won: 1,
      rejected: 1,
      acceptanceRate: 0.5,
    });
    expect(bySegment[0].medianHoursToWon).toBeLessThan(3);
    expect(bySegment[1]).toMatchObject({
      segment: 'enterprise',
      handoffs: 2,
      won: 1,
      lost: 1,
      acceptanceRate: 1,
    });
    expect(
      (await t.call('GET', '/v1/workflows/00000000-0000-4000-8000-000000000000/sales-outcomes')).status,
    ).toBe(404);
  });
});
