import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/testApp.js';

/** The inputs an outside fuzz run (issue 18) found answering 500: each must be a 400 naming the field. */
describe('no input reaches a 500', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const send = (method: string, path: string, body?: string) =>
    t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body } : {}),
    });

  const expectNamed = async (res: Response, field: string) => {
    const problem = (await res.json()) as { detail: string; problems?: Array<{ path: string }> };
    expect(res.status, problem.detail).toBe(400);
    expect(problem.detail).toContain(field);
  };

  it('refuses NUL, lone surrogates and year 0000 anywhere in a single event', async () => {
    const cases: Array<[string, string]> = [
      ['{"id":"a\\u0000","contactId":"c","type":"t"}', 'id'],
      ['{"id":"\\ud800","contactId":"c","type":"t"}', 'id'],
      ['{"contactId":"c\\u0000","type":"t"}', 'contactId'],
      ['{"contactId":"\\udc00x","type":"t"}', 'contactId'],
      ['{"contactId":"c","type":"t","properties":{"k\\u0000":1}}', 'properties'],
      ['{"contactId":"c","type":"t","properties":{"k":"\\ud800"}}', 'properties.k'],
      ['{"contactId":"c","type":"t","properties":{"k":[{"v":"\\u0000"}]}}', 'properties.k[0].v'],
      ['{"contactId":"c","type":"t","timestamp":"0000-01-01T00:00:00Z"}', 'timestamp'],
      ['{"contactId":"c","type":"t","timestamp":"0001-01-01T00:00:00+05:00"}', 'timestamp'],
    ];
    for (const [body, field] of cases) await expectNamed(await send('POST', '/v1/events', body), field);
    // Properties nested deeper than jsonb takes are refused too (a stack overflow in Postgres otherwise).
    const deep = `${'{"a":'.repeat(70)}1${'}'.repeat(70)}`;
    await expectNamed(
      await send('POST', '/v1/events', `{"contactId":"c","type":"t","properties":{"k":${deep}}}`),
      'properties.k',
    );
  });

  it('refuses a NUL in a contact id in the path, on every contact route', async () => {
    await expectNamed(await send('PUT', '/v1/contacts/a%00b', '{"attributes":{}}'), 'id');
    await expectNamed(await send('GET', '/v1/contacts/a%00b'), 'id');
    await expectNamed(await send('DELETE', '/v1/contacts/a%00b'), 'id');
    await expectNamed(await send('GET', '/v1/contacts/a%00b/trace'), 'id');
    await expectNamed(await send('GET', '/v1/contacts/a%00b/engagement'), 'contactId');
  });

  it('refuses a NUL in query parameters and instants Postgres cannot hold', async () => {
    await expectNamed(await send('GET', '/v1/messages?contactId=%00'), 'contactId');
    await expectNamed(await send('GET', '/v1/handoffs?contactId=%00'), 'contactId');
    await expectNamed(await send('GET', '/v1/suppressions?email=%00'), 'email');
    await expectNamed(await send('GET', '/v1/audit?actor=%00'), 'actor');
    await expectNamed(await send('GET', '/v1/audit?from=0000-01-01T00:00:00Z'), 'from');
    await expectNamed(await send('GET', '/v1/audit?to=9999-12-31T23:59:59-01:00'), 'to');
    // The same instants that are in range are fine.
    expect((await send('GET', '/v1/audit?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z')).status).toBe(
      200,
    );
  });

  it('refuses a NUL in a path that no route owns', async () => {
    const res = await send('GET', '/assets/a%00b.js');
    expect(res.status).toBe(400);
  });
});

describe('POST /v1/workflows with a body that is not a graph', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 422 naming the field instead of storing an empty draft', async () => {
    for (const [graph, path] of [
      [{ nodes: 'x' }, 'graph.nodes'],
      [{ nodes: [], edges: {} }, 'graph.edges'],
      [{}, 'graph.nodes'],
      ['a graph', 'graph'],
    ] as const) {
      const res = await t.call('POST', '/v1/workflows', { name: 'x', graph });
      expect(res.status, JSON.stringify(graph)).toBe(422);
      expect(res.body.detail).toMatch(new RegExp(`^${path.replace('.', '\\.')}: `));
      expect(res.body.problems[0].path).toBe(path);
    }
    expect((await t.call('GET', '/v1/workflows')).body.items).toEqual([]);
    const created = await t.call('POST', '/v1/workflows', {
      name: 'x',
      graph: { name: 'v0', nodes: [], edges: [] },
    });
    expect(created.status).toBe(201);
    const draft = await t.call('PUT', `/v1/workflows/${created.body.id}/draft`, { graph: { nodes: 'x' } });
    expect(draft.status).toBe(422);
    expect(draft.body.problems[0].path).toBe('graph.nodes');
  });
});
