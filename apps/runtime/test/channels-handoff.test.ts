import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../src/channels/index.js';
import type { TestApp } from '../src/testing/testApp.js';
import { type CrmReceiver, createChannelsApp, linearJourney, startCrmReceiver } from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

const POOL = ['ana@example.com', 'ben@example.com', 'cy@example.com'];

/** A journey handing each `lead.qualified` contact to the next of POOL, with a note naming the score. */
const publishRoundRobin = (t: TestApp, config: { team?: string; priority: string }) =>
  publishJourney(
    t,
    linearJourney('qualified', 'lead.qualified', [
      {
        id: 'to-sales',
        type: 'sales-handoff',
        config: {
          assignment: { mode: 'round-robin', pool: POOL },
          ...config,
          note: '{{ contact.first_name }} scored {{ contact.lead_score }}',
          stopMarketing: false,
          signals: ['contact.lead_score'],
        },
      },
    ]),
  );

describe('sales handoffs delivered to the CRM as signed webhooks', () => {
  let t: TestApp;
  let crm: CrmReceiver;
  // Rotation: the runtime signs with both secrets; the receiver knows only the newest one.
  const secrets = [generateWebhookSecret(), generateWebhookSecret()];

  beforeAll(async () => {
    crm = await startCrmReceiver(() => secrets.slice(0, 1));
    t = await createChannelsApp();
    const saved = await t.call('PUT', '/v1/settings/channels', {
      crm: { webhookUrl: crm.url, secrets: secrets.map((secret) => ({ secret })) },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await publishRoundRobin(t, { team: 'SMB', priority: 'urgent' });
  });
  afterAll(async () => {
    await t?.close();
    await crm?.close();
  });

  const qualify = async (id: string, score: number) => {
    await t.call('PUT', `/v1/contacts/${id}`, { attributes: { first_name: id, lead_score: score } });
    await t.call('POST', '/v1/events', { contactId: id, type: 'lead.qualified' });
  };
  const handoffs = async () =>
    (await t.call('GET', '/v1/handoffs')).body.items as Array<{
      id: string;
      contactId: string;
      state: string;
      attempts: number;
      lastError: string | null;
      delivery: { owner: string; note: string; team: string; priority: string; channel: string };
    }>;

  it('a CRM answering 500s gets each handoff exactly once by webhook-id after it recovers', async () => {
    crm.setMode('error');
    const ids = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
    for (const [i, id] of ids.entries()) await qualify(id, 80 + i);
    await eventually(async () => crm.requests.filter((r) => r.status === 500).length >= 12);
    crm.setMode('ok');
    const delivered = await eventually(async () => {
      const items = await handoffs();
      return items.length === ids.length && items.every((h) => h.state === 'sent') && items;
    }, 15_000);
    const counts = crm.delivered();
    expect(counts.size).toBe(ids.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Every request carried a valid signature (by the first secret; the second is signed too).
    expect(crm.requests.every((r) => r.verified)).toBe(true);
    // The webhook-id is the ledger's idempotency key: the same on every retry of one handoff.
    const retried = crm.requests.filter((r) => r.webhookId === crm.requests[0]?.webhookId);
    expect(retried.length).toBeGreaterThan(1);
    expect(new Set(retried.map((r) => JSON.stringify((r.body as { data: unknown }).data))).size).toBe(1);
    // Round robin through the pool, each rep once per turn; note rendered; signals kept.
    const owners = delivered.map((h) => h.delivery.owner);
    for (const owner of POOL) expect(owners.filter((o) => o === owner)).toHaveLength(2);
    const h3 = delivered.find((h) => h.contactId === 'h3');
    expect(h3?.delivery).toMatchObject({
      note: 'h3 scored 82',
      team: 'SMB',
      priority: 'urgent',
      channel: 'crm',
    });
    const body = crm.requests.find((r) => r.status === 204)?.body as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(body.type).toBe('handoff.created');
    expect(body.data).toMatchObject({ priority: 'urgent', team: 'SMB', signals: expect.any(Object) });
  });

  it('a refused handoff is dead-lettered, visible in the API, and a manual retry delivers it', async () => {
    crm.setMode('reject');
    await qualify('dl', 95);
    const dead = await eventually(async () =>
      (await handoffs()).find((h) => h.contactId === 'dl' && h.state === 'dead'),
    );
    expect(dead.lastError).toMatch(/CRM refused the handoff: receiver answered HTTP 400/);
    const trace = (await t.call('GET', '/v1/contacts/dl/trace')).body.items as Array<{
      decision: Record<string, unknown>;
    }>;
    expect(trace.some((s) => s.decision.delivery === 'dead')).toBe(true);
    expect((await t.call('POST', `/v1/handoffs/${dead.id}/retry`)).status).toBe(202);
    // Once queued it is not dead any more: a second retry is refused.
    crm.setMode('ok');
    const sent = await eventually(async () =>
      (await handoffs()).find((h) => h.id === dead.id && h.state === 'sent'),
    );
    expect(sent.delivery.owner).toBe(dead.delivery.owner);
    expect((await t.call('POST', `/v1/handoffs/${dead.id}/retry`)).status).toBe(409);
    expect((await t.call('POST', '/v1/handoffs/999999/retry')).status).toBe(404);
    const audit = await t.db.sql<{ action: string; subject: string }[]>`
      select action, subject from audit_log where action = 'handoff.retried'`;
    expect(audit).toEqual([{ action: 'handoff.retried', subject: dead.id }]);
    const webhookId = crm.requests.find((r) => r.status === 400)?.webhookId;
    expect(crm.delivered().get(webhookId as string)).toBe(1);
  });
});

describe('a CRM that never recovers', () => {
  it('is retried on the ~24 h schedule (compressed here) and then dead-lettered', async () => {
    const secret = generateWebhookSecret();
    const crm = await startCrmReceiver(() => [secret]);
    crm.setMode('error');
    // 15 attempts over ~24 h: scaled so the whole schedule takes about two seconds.
    const t = await createChannelsApp({}, { webhookRetryScale: 0.00002 });
    try {
      await t.call('PUT', '/v1/settings/channels', { crm: { webhookUrl: crm.url, secrets: [{ secret }] } });
      await publishJourney(
        t,
        linearJourney('qualified', 'lead.qualified', [
          {
            id: 'to-sales',
            type: 'sales-handoff',
            config: {
              assignment: { mode: 'owner', owner: 'ana@example.com' },
              priority: 'normal',
              signals: [],
            },
          },
        ]),
      );
      await t.call('PUT', '/v1/contacts/gone', { attributes: { first_name: 'Gone' } });
      await t.call('POST', '/v1/events', { contactId: 'gone', type: 'lead.qualified' });
      const dead = await eventually(async () => {
        const items = (await t.call('GET', '/v1/handoffs')).body.items;
        return items[0]?.state === 'dead' && items[0];
      }, 15_000);
      expect(dead.attempts).toBe(15);
      expect(dead.lastError).toMatch(/CRM unreachable after 15 attempts: receiver answered HTTP 500/);
      expect(crm.requests).toHaveLength(15);
      expect(new Set(crm.requests.map((r) => r.webhookId)).size).toBe(1);
    } finally {
      await t.close();
      await crm.close();
    }
  });
});

describe('handoffs without a CRM endpoint', () => {
  it('records a batch of them in the ledger, each with its own round-robin turn and rendered note', async () => {
    const t = await createChannelsApp();
    try {
      await publishRoundRobin(t, { priority: 'high' });
      const ids = Array.from({ length: 6 }, (_, i) => `batch-${i}`);
      for (const [i, id] of ids.entries())
        await t.call('PUT', `/v1/contacts/${id}`, {
          attributes: { first_name: `N${i}`, lead_score: 50 + i },
        });
      // One request, so one walk advances them together and records their handoffs together.
      const posted = await t.call('POST', '/v1/events', {
        batch: ids.map((contactId, i) => ({ id: `q-${i}`, contactId, type: 'lead.qualified' })),
      });
      expect(posted.status).toBe(202);
      const items = await eventually(async () => {
        const list = (await t.call('GET', '/v1/handoffs')).body.items as Array<{
          contactId: string;
          state: string;
          attempts: number;
          note: string;
          delivery: { owner: string; channel: string } | null;
        }>;
        return list.length === ids.length && list.every((h) => h.state === 'delivered-to-ledger') && list;
      });
      for (const h of items) {
        const i = Number(h.contactId.slice('batch-'.length));
        expect(h).toMatchObject({
          attempts: 1,
          note: `N${i} scored ${50 + i}`,
          delivery: { channel: 'ledger' },
        });
      }
      // Six turns through a pool of three: each owner twice.
      const owners = items.map((h) => h.delivery?.owner).sort();
      expect(owners).toEqual([...POOL, ...POOL].sort());
    } finally {
      await t.close();
    }
  });
});
