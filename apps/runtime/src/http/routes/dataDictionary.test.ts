import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

describe('GET /v1/data-dictionary', () => {
  let t: TestApp;
  let otherKey: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.call('PUT', '/v1/contacts/c1', {
      attributes: { email: 'a@x.io', lead_score: 90, industry: 'SaaS' },
    });
    await t.call('PUT', '/v1/contacts/c2', { attributes: { email: 'b@x.io', plan: 'pro' } });
    await t.call('POST', '/v1/events', {
      batch: [
        {
          contactId: 'c1',
          type: 'page.viewed',
          properties: { page: 'pricing', url: 'https://x.io/pricing' },
        },
        { contactId: 'c2', type: 'cart.abandoned', properties: { cart_value: 120 } },
      ],
    });
    const other = await t.call('POST', '/v1/workspaces', { name: 'Other' });
    otherKey = other.body.adminKey;
  });
  afterAll(() => t.close());

  it('lists attributes and event properties seen, and the var paths they give', async () => {
    const res = await t.call('GET', '/v1/data-dictionary');
    expect(res.status).toBe(200);
    expect(res.body.contact.find((a: { key: string }) => a.key === 'email').seen).toBe(2);
    const viewed = res.body.events.find((e: { type: string }) => e.type === 'page.viewed');
    expect(viewed.properties).toEqual(['page', 'url']);
    expect(res.body.paths).toEqual(
      expect.arrayContaining(['contact.lead_score', 'contact.plan', 'event.properties.cart_value']),
    );
  });

  it("never shows another workspace's vocabulary", async () => {
    const res = await t.call('GET', '/v1/data-dictionary', undefined, otherKey);
    expect(res.body.contact).toEqual([]);
    expect(res.body.events).toEqual([]);
  });

  it('is refused to ingest keys', async () => {
    const key = await t.call('POST', '/v1/api-keys', { name: 'ingest', role: 'ingest' });
    expect((await t.call('GET', '/v1/data-dictionary', undefined, key.body.key)).status).toBe(403);
  });
});
