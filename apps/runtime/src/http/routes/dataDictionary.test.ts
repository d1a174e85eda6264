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
    await t.call('PUT', '/v1/contacts/c2', {
      attributes: {
        email: 'b@x.io',
        plan: 'pro',
        industry: 'Fintech',
        trial_ends_at: '2026-12-01',
        vip: true,
      },
    });
    await t.call('PUT', '/v1/contacts/c3', {
      attributes: { email: 'c@x.io', lead_score: 40, industry: 'SaaS', tags: ['beta'] },
    });
    await t.call('POST', '/v1/segments', {
      name: 'hot-leads',
      description: 'Score over 80',
      rule: { '>': [{ var: 'contact.lead_score' }, 80] },
    });
    await t.call('POST', '/v1/events', {
      batch: [
        {
          contactId: 'c1',
          type: 'page.viewed',
          properties: { page: 'pricing', url: 'https://x.io/pricing' },
        },
        { contactId: 'c2', type: 'cart.abandoned', properties: { cart_value: 120 } },
        {
          contactId: 'c3',
          type: 'page.viewed',
          properties: { page: 'docs' },
          timestamp: '2026-01-02T10:00:00Z',
        },
      ],
    });
    const other = await t.call('POST', '/v1/workspaces', { name: 'Other' });
    otherKey = other.body.adminKey;
  });
  afterAll(() => t.close());

  it('lists attributes and event properties seen, and the var paths they give', async () => {
    const res = await t.call('GET', '/v1/data-dictionary');
    expect(res.status).toBe(200);
    expect(res.body.contact.find((a: { key: string }) => a.key === 'email').seen).toBe(3);
    const viewed = res.body.events.find((e: { type: string }) => e.type === 'page.viewed');
    expect(viewed.properties).toEqual(['page', 'url']);
    expect(res.body.paths).toEqual(
      expect.arrayContaining(['contact.lead_score', 'contact.plan', 'event.properties.cart_value']),
    );
  });

  it('types every field from the values seen and offers the few values of a text field', async () => {
    const res = await t.call('GET', '/v1/data-dictionary');
    const field = (path: string) => res.body.fields.find((f: { path: string }) => f.path === path);
    expect(field('contact.lead_score')).toMatchObject({ type: 'number', source: 'contact', seen: 2 });
    expect(field('contact.industry')).toMatchObject({ type: 'text', values: ['SaaS', 'Fintech'] });
    expect(field('contact.trial_ends_at').type).toBe('date');
    expect(field('contact.vip').type).toBe('boolean');
    expect(field('contact.tags').type).toBe('list');
    expect(field('event.properties.cart_value')).toMatchObject({
      type: 'number',
      eventTypes: ['cart.abandoned'],
    });
    expect(field('engagement.opens_30d')).toMatchObject({ type: 'number', source: 'engagement' });
    expect(field('engagement.last_event_at.page_viewed').type).toBe('date');
    expect(field('journey.enteredAt').type).toBe('date');
  });

  it('lists the event types seen with a count and when each was last seen, and the segments', async () => {
    const res = await t.call('GET', '/v1/data-dictionary');
    const viewed = res.body.events.find((e: { type: string }) => e.type === 'page.viewed');
    expect(viewed.seen).toBe(2);
    expect(new Date(viewed.lastSeen).getTime()).toBeGreaterThan(new Date('2026-01-02T10:00:00Z').getTime());
    expect(res.body.events[0].type).toBe('page.viewed');
    expect(res.body.segments).toEqual([{ name: 'hot-leads', description: 'Score over 80' }]);
  });

  it("never shows another workspace's vocabulary", async () => {
    const res = await t.call('GET', '/v1/data-dictionary', undefined, otherKey);
    expect(res.body.contact).toEqual([]);
    expect(res.body.events).toEqual([]);
    expect(res.body.segments).toEqual([]);
    expect(res.body.fields.every((f: { seen: number }) => f.seen === 0)).toBe(true);
  });

  it('is refused to ingest keys', async () => {
    const key = await t.call('POST', '/v1/api-keys', { name: 'ingest', role: 'ingest' });
    expect((await t.call('GET', '/v1/data-dictionary', undefined, key.body.key)).status).toBe(403);
  });
});
