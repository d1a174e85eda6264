import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

describe('audit route', () => {
  let t: TestApp;
  let auditorKey: string;
  beforeAll(async () => {
    t = await createTestApp();
    auditorKey = (await t.call('POST', '/v1/api-keys', { name: 'auditor', role: 'auditor' })).body.key;
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      await t.call('POST', '/v1/api-keys', { name, role: 'ingest' });
  });
  afterAll(() => t.close());

  it('pages newest first with a keyset cursor and filters by action prefix', async () => {
    const first = await t.call('GET', '/v1/audit?action=key.*&limit=4', undefined, auditorKey);
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: { details: { name: string } }) => e.details.name)).toEqual([
      'e',
      'd',
      'c',
      'b',
    ]);
    const second = await t.call(
      'GET',
      `/v1/audit?action=key.*&limit=4&cursor=${first.body.nextCursor}`,
      undefined,
      auditorKey,
    );
    expect(second.body.items.map((e: { details: { name: string } }) => e.details.name)).toEqual([
      'a',
      'auditor',
    ]);
    expect(second.body.nextCursor).toBeNull();
    const exact = await t.call('GET', '/v1/audit?action=workspace.created', undefined, auditorKey);
    expect(exact.body.items).toHaveLength(1);
  });

  it('filters by actor and time window', async () => {
    const all = await t.call('GET', '/v1/audit?actor=system');
    expect(all.body.items.map((e: { action: string }) => e.action)).toEqual(['workspace.created']);
    const future = await t.call('GET', `/v1/audit?from=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.body.items).toEqual([]);
  });

  it('exports CSV', async () => {
    const res = await t.app.request('/v1/audit?format=csv&action=key.created', {
      headers: { authorization: `Bearer ${auditorKey}` },
    });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'entry,at,who,what,journey,id,actor,actorRole,action,workflowId,subject,details,prevHash,hash',
    );
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain('key.created');
    // The sentence the page shows, the key's role, then the raw details.
    expect(lines[1]).toMatch(
      /first-boot admin \(admin\),first-boot admin \(admin\) created API key 'e' with role ingest,/,
    );
    expect(lines[1]).toContain('"{""name"":""e"",""role"":""ingest""}"');
  });

  it('verifies the chain and names each entry by number, role and sentence', async () => {
    const verified = await t.call('GET', '/v1/audit/verify', undefined, auditorKey);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, entries: 7, verifiedUpTo: 7, firstBroken: null });
    const { body } = await t.call('GET', '/v1/audit?limit=1', undefined, auditorKey);
    expect(body.items[0]).toMatchObject({ seq: 7, actorRole: 'admin', hash: verified.body.headHash });
    expect(body.items[0].sentence).toMatch(/^first-boot admin \(admin\) created API key 'e'/);
    expect(body.nextCursor).toBe('7');
  });

  it('names a bad query parameter', async () => {
    for (const [query, param] of [
      ['limit=0', 'limit'],
      ['cursor=abc', 'cursor'],
      ['from=yesterday', 'from'],
      ['workflowId=nope', 'workflowId'],
      ['format=xml', 'format'],
    ]) {
      const res = await t.call('GET', `/v1/audit?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(param);
    }
  });
});
