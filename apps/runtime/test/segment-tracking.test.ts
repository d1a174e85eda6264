import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../src/testing/testApp.js';

const examples = JSON.parse(
  readFileSync(new URL('./fixtures/segment-spec-examples.json', import.meta.url), 'utf8'),
);
const TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;

let t: TestApp;
let ingestKey: string;
beforeAll(async () => {
  t = await createTestApp();
  ingestKey = (await t.call('POST', '/v1/api-keys', { name: 'segment', role: 'ingest' })).body.key;
});
afterAll(() => t.close());

/** Posts as Segment's servers would: HTTP Basic, the write key (our ingest key) as the username. */
async function post(path: string, body: unknown, key = ingestKey) {
  const res = await t.app.request(path, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers freely
  return { status: res.status, body: (await res.json()) as any };
}

const events = (contactId: string) =>
  t.db
    .sql`select id, type, properties, occurred_at from events where contact_id = ${contactId} order by occurred_at, id`;
const attributes = async (id: string) =>
  (await t.db.sql`select attributes from contacts where id = ${id}`)[0]?.attributes;

describe("Segment's documented example payloads", () => {
  it('accepts each call as is at /v1/segment/<type>', async () => {
    for (const type of TYPES) {
      const example = { ...examples[type], messageId: `${examples[type].messageId}-${type}` };
      const res = await post(`/v1/segment/${type}`, example);
      expect(res, type).toEqual({ status: 200, body: { success: true } });
    }
    expect(await attributes('97980cfea0067')).toMatchObject({
      name: 'Peter Gibbons',
      email: 'peter@example.com',
      plan: 'premium',
      logins: 5,
      address: { city: 'San Francisco' },
      group_id: '0e8c78ea9d97a7b8185e8632',
      group: { name: 'Initech', employees: 329 },
    });
    const peter = await events('97980cfea0067');
    expect(peter.map((e) => [e.type, e.properties])).toEqual(
      expect.arrayContaining([
        ['page.viewed', { name: 'Home', title: 'Welcome | Initech', url: 'http://www.example.com' }],
        ['screen.viewed', { name: 'Home', 'Feed Type': 'private' }],
        [
          'group.joined',
          { group_id: '0e8c78ea9d97a7b8185e8632', group: expect.objectContaining({ plan: 'enterprise' }) },
        ],
        ['contact.identified', expect.objectContaining({ name: 'Peter Gibbons' })],
      ]),
    );
    const [course] = await events('AiUGstSDIg');
    expect(course).toMatchObject({
      id: 'segment:ajs-f8ca1e4de5024d9430b3928bd8ac6b96-track',
      type: 'course_clicked',
      properties: { title: 'Intro to Analytics' },
    });
    const [aliased] = await events('507f191e81');
    expect(aliased).toMatchObject({
      type: 'contact.aliased',
      properties: { previousId: '39239-239239-239239-23923' },
    });
  });

  it('ignores a message sent again (messageId is the idempotency key)', async () => {
    const example = { ...examples.track, messageId: 'sent-twice', userId: 'twice' };
    await post('/v1/segment/track', example);
    await post('/v1/segment/batch', { batch: [example, example] });
    expect(await events('twice')).toHaveLength(1);
  });

  it("corrects the sender's clock skew with sentAt", async () => {
    // The sender's clock is 20 years behind; the event happened 10 s before it was sent.
    const before = Date.now();
    await post('/v1/segment/track', {
      userId: 'skewed',
      event: 'Signed Up',
      timestamp: '2006-01-01T00:00:00.000Z',
      sentAt: '2006-01-01T00:00:10.000Z',
    });
    const after = Date.now();
    const [event] = await events('skewed');
    const at = new Date(event?.occurredAt as Date).getTime();
    expect(at).toBeGreaterThanOrEqual(before - 10_000);
    expect(at).toBeLessThanOrEqual(after - 10_000);
  });

  it('refuses malformed payloads with 400 naming the field', async () => {
    const noOne = await post('/v1/segment/track', { event: 'Signed Up' });
    expect(noOne.status).toBe(400);
    expect(noOne.body.detail).toMatch(/userId/);
    const noEvent = await post('/v1/segment/batch', {
      batch: [examples.identify, { ...examples.track, event: undefined }],
    });
    expect(noEvent.status).toBe(400);
    expect(noEvent.body.detail).toMatch(/batch\[1\]\.event/);
    const badType = await post('/v1/segment/batch', { batch: [{ ...examples.track, type: 'teleport' }] });
    expect(badType.status).toBe(400);
    expect(badType.body.detail).toMatch(/batch\[0\]\.type/);
    const badTime = await post('/v1/segment/identify', { userId: 'u', timestamp: 'yesterday' });
    expect(badTime.status).toBe(400);
    expect(badTime.body.detail).toMatch(/timestamp/);
    const unknownKey = await post('/v1/segment/identify', examples.identify, 'crk_not_a_key');
    expect(unknownKey.status).toBe(401);
  });
});

describe('the official @segment/analytics-node client', () => {
  it('delivers identify, track, page, screen, group and alias to the runtime', async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const errors: unknown[] = [];
    const analytics = new Analytics({
      writeKey: ingestKey,
      host: `http://127.0.0.1:${port}`,
      path: '/v1/segment/batch',
      maxRetries: 0,
    });
    analytics.on('error', (error) => errors.push(error));
    try {
      analytics.identify({ userId: 'node-1', traits: { email: 'node@example.com', plan: 'trial' } });
      analytics.track({ userId: 'node-1', event: 'Trial Started', properties: { seats: 3 } });
      analytics.page({
        userId: 'node-1',
        name: 'Pricing',
        properties: { url: 'https://example.com/pricing' },
      });
      analytics.screen({ userId: 'node-1', name: 'Dashboard' });
      analytics.group({ userId: 'node-1', groupId: 'acme', traits: { name: 'Acme' } });
      analytics.alias({ userId: 'node-1', previousId: 'anon-7' });
      await analytics.closeAndFlush();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(errors).toEqual([]);
    expect(await attributes('node-1')).toMatchObject({
      email: 'node@example.com',
      plan: 'trial',
      group_id: 'acme',
      group: { name: 'Acme' },
    });
    const types = (await events('node-1')).map((e) => e.type).sort();
    expect(types).toEqual([
      'contact.aliased',
      'contact.identified',
      'group.joined',
      'page.viewed',
      'screen.viewed',
      'trial_started',
    ]);
    const [page] = (await events('node-1')).filter((e) => e.type === 'page.viewed');
    expect(page?.properties).toEqual({ name: 'Pricing', url: 'https://example.com/pricing' });
  });
});
