import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, exampleGraph, publishJourney } from '../../../test/helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((c) => c.id);
const search = (t: EngineApp, query: Record<string, string | number>) =>
  t.call(
    'GET',
    `/v1/contacts?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`,
  );

describe('GET /v1/contacts', () => {
  let t: EngineApp;
  let workflowId: string;
  beforeAll(async () => {
    t = await createEngineApp();
    workflowId = await publishJourney(t, exampleGraph('pricing-page-handoff'));
    const people: Array<[string, Record<string, unknown>]> = [
      ['c-ana', { email: 'Ana@Acme.io', plan: 'pro', lead_score: 90 }],
      ['c-anab', { email: 'anabel@acme.io', plan: 'free', lead_score: 10 }],
      ['c-anna', { email: 'anna@other.io', plan: 'pro', lead_score: 40 }],
      ['c-bob', { email: 'bob@x.io', plan: 'pro' }],
      ['ana', { email: 'zed@x.io' }],
      ['c-none', { plan: 'free' }],
    ];
    for (const [id, attributes] of people) await t.call('PUT', `/v1/contacts/${id}`, { attributes });
    for (const contactId of ['c-ana', 'c-anna']) {
      await t.call('POST', '/v1/events', { contactId, type: 'page.viewed', properties: { page: 'pricing' } });
    }
    await eventually(async () => {
      const res = await search(t, { workflowId, nodeId: 'wait-for-open' });
      return res.body.items.length === 2;
    });
  });
  afterAll(() => t.close());

  it('finds contacts by email prefix in any case, in email order, with an exact id first', async () => {
    const res = await search(t, { q: 'ana' });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(['ana', 'c-ana', 'c-anab']);
    // Ids are exact (case counts); emails are not.
    expect(ids((await search(t, { q: 'ANA' })).body)).toEqual(['c-ana', 'c-anab']);
    expect(ids((await search(t, { q: 'ana@' })).body)).toEqual(['c-ana']);
    expect(ids((await search(t, { q: 'c-bob' })).body)).toEqual(['c-bob']);
    expect(ids((await search(t, { q: 'nobody' })).body)).toEqual([]);
  });

  it('pages with a stable cursor, never repeating or skipping a contact', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await search(t, { q: 'a', limit: 1, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...ids(res.body));
      cursor = res.body.next;
      if (!cursor) break;
    }
    expect(seen).toEqual(['c-ana', 'c-anab', 'c-anna']);
    const all: string[] = [];
    cursor = null;
    do {
      const res = await search(t, { limit: 4, ...(cursor ? { cursor } : {}) });
      all.push(...ids(res.body));
      cursor = res.body.next;
    } while (cursor);
    expect(all).toEqual(['ana', 'c-ana', 'c-anab', 'c-anna', 'c-bob', 'c-none']);
  });

  it('filters by a JSONLogic rule and by a named segment', async () => {
    const filter = JSON.stringify({ '==': [{ var: 'contact.plan' }, 'pro'] });
    expect(ids((await search(t, { filter })).body)).toEqual(['c-ana', 'c-anna', 'c-bob']);
    expect(ids((await search(t, { filter, q: 'an' })).body)).toEqual(['c-ana', 'c-anna']);
    const rule = { '>=': [{ var: 'contact.lead_score' }, 40] };
    expect((await t.call('POST', '/v1/segments', { name: 'warm', rule })).status).toBe(201);
    const warm = await search(t, { segment: 'warm', limit: 1 });
    expect(ids(warm.body)).toEqual(['c-ana']);
    expect(ids((await search(t, { segment: 'warm', cursor: warm.body.next })).body)).toEqual(['c-anna']);
    const unknown = await search(t, { segment: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/Segment 'nope'/);
  });

  it('lists who is at a step of a journey, with version, step and since when', async () => {
    const res = await search(t, { workflowId, nodeId: 'wait-for-open' });
    expect(ids(res.body)).toEqual(['c-ana', 'c-anna']);
    expect(res.body.items[0].journey).toMatchObject({
      workflowId,
      version: 1,
      nodeId: 'wait-for-open',
      state: 'waiting',
    });
    expect(Date.parse(res.body.items[0].journey.since)).toBeGreaterThanOrEqual(
      Date.parse(res.body.items[0].journey.startedAt),
    );
    expect(ids((await search(t, { workflowId, nodeId: 'case-study' })).body)).toEqual([]);
    expect(ids((await search(t, { workflowId, q: 'anna' })).body)).toEqual(['c-anna']);
    expect(ids((await search(t, { workflowId, state: 'completed' })).body)).toEqual([]);
    expect(ids((await search(t, { workflowId, nodeId: 'wait-for-open', version: 1 })).body)).toEqual([
      'c-ana',
      'c-anna',
    ]);
    expect(ids((await search(t, { workflowId, nodeId: 'wait-for-open', version: 2 })).body)).toEqual([]);
    const paged = await search(t, { workflowId, nodeId: 'wait-for-open', limit: 1 });
    const second = await search(t, { workflowId, nodeId: 'wait-for-open', cursor: paged.body.next });
    expect([...ids(paged.body), ...ids(second.body)]).toEqual(['c-ana', 'c-anna']);
    expect(second.body.next).toBeNull();
  });

  it('answers bad input with 400 naming the parameter', async () => {
    const noJourney = await search(t, { nodeId: 'wait-for-open' });
    expect(noJourney.status).toBe(400);
    expect(noJourney.body.detail).toMatch(/^Query parameter nodeId/);
    const badJson = await search(t, { filter: '{"==": [' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.detail).toMatch(/filter/);
    const badRule = await search(t, { filter: JSON.stringify({ frobnicate: [1] }) });
    expect(badRule.status).toBe(400);
    expect(badRule.body.detail).toMatch(/^Query parameter filter/);
    const badCursor = await search(t, { cursor: 'bm90IGEgY3Vyc29y' });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.detail).toMatch(/^Query parameter cursor/);
    // A cursor of one order is not accepted by another.
    const idCursor = (await search(t, { limit: 1 })).body.next;
    expect((await search(t, { q: 'a', cursor: idCursor })).status).toBe(400);
  });
  it("treats a filter that fails on a contact's data as not matching it (issue 18: no input reaches a 500)", async () => {
    // json-logic-js semantics throw on `in` over an object whose indexOf is not a function.
    await t.call('PUT', '/v1/contacts/z-odd', { attributes: { tags: { indexOf: 1 } } });
    await t.call('PUT', '/v1/contacts/z-list', { attributes: { tags: ['x'] } });
    const filter = JSON.stringify({ in: ['x', { var: 'contact.tags' }] });
    const res = await search(t, { filter });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(['z-list']);
  });
});
