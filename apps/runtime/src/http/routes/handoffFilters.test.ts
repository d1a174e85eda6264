import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { rowWriter } from '../../testing/testRows.js';

const handoff = (owner: string, delivered: boolean) => ({
  kind: 'handoff',
  assignment: { owner },
  priority: 'high',
  note: 'Hot lead',
  ...(delivered ? { delivery: { owner, note: 'Hot lead', channel: 'ledger' } } : {}),
});

describe('handoffs by owner and state', () => {
  let t: TestApp;
  const made: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    const rows = rowWriter(t.deps.sql, t.workspaceId, new Date());
    made.anaDead = await rows.effect('c1', {
      kind: 'handoff',
      state: 'dead',
      payload: handoff('Ana@acme.io', false),
    });
    made.anaLedger = await rows.effect('c2', {
      kind: 'handoff',
      state: 'sent',
      payload: handoff('ana@acme.io', true),
    });
    made.bobPending = await rows.effect('c3', {
      kind: 'handoff',
      state: 'pending',
      payload: handoff('bob@acme.io', false),
    });
    made.bobCrm = await rows.effect('c4', {
      kind: 'handoff',
      state: 'sent',
      payload: { ...handoff('bob@acme.io', false), delivery: { owner: 'bob@acme.io', channel: 'webhook' } },
    });
  });
  afterAll(() => t.close());

  const ids = async (query: string) =>
    (await t.call('GET', `/v1/handoffs?${query}`)).body.items.map((h: { id: string }) => h.id);

  it('filters by owner in any case and by state as listed', async () => {
    expect(await ids('owner=ANA@acme.io')).toEqual([made.anaLedger, made.anaDead]);
    expect(await ids('state=dead')).toEqual([made.anaDead]);
    expect(await ids('state=delivered-to-ledger')).toEqual([made.anaLedger]);
    expect(await ids('state=sent')).toEqual([made.bobCrm]);
    expect(await ids('owner=bob@acme.io&state=pending')).toEqual([made.bobPending]);
    const bad = await t.call('GET', '/v1/handoffs?state=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/^Query parameter state/);
  });

  it('lists owners with their counts, most first', async () => {
    const res = await t.call('GET', '/v1/handoff-owners');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items.map((o: { count: number }) => o.count)).toEqual([2, 2]);
    expect(res.body.items.map((o: { owner: string }) => o.owner.toLowerCase()).sort()).toEqual([
      'ana@acme.io',
      'bob@acme.io',
    ]);
  });
});

describe("API keys' last use", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is empty until the key is used, then set (and written at most once a minute)', async () => {
    const issued = (await t.call('POST', '/v1/api-keys', { name: 'reader', role: 'auditor' })).body;
    const lastUsed = async () =>
      (await t.call('GET', '/v1/api-keys')).body.items.find((k: { id: string }) => k.id === issued.id)
        .lastUsedAt;
    expect(await lastUsed()).toBeNull();
    expect((await t.call('GET', '/v1/workflows', undefined, issued.key)).status).toBe(200);
    let first: string | null = null;
    for (let i = 0; i < 100 && !first; i++) {
      first = await lastUsed();
      if (!first) await new Promise((r) => setTimeout(r, 20));
    }
    expect(first).not.toBeNull();
    await t.call('GET', '/v1/workflows', undefined, issued.key);
    await new Promise((r) => setTimeout(r, 100));
    expect(await lastUsed()).toBe(first);
  });
});
