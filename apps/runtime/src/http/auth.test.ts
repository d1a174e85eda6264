import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiKey } from '../access/apiKeys.js';
import { createTestApp, type TestApp } from '../testing/testApp.js';
import { API_KEY_TTL_MS } from './apiKeyCache.js';

describe('API key authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(() => t.close());

  const issue = async (name: string) => (await t.call('POST', '/v1/api-keys', { name, role: 'editor' })).body;

  it('refuses a key revoked elsewhere once API_KEY_TTL_MS has passed, not before', async () => {
    // Only Date is faked: the database and the request still run on real time.
    vi.useFakeTimers({ toFake: ['Date'] });
    const { id, key } = await issue('elsewhere');
    expect((await t.call('GET', '/v1/me', undefined, key)).status).toBe(200);
    // As another runtime process (or an operator in SQL) would revoke it: this process is not told.
    await t.db.sql`update api_keys set revoked_at = now() where id = ${id}`;
    vi.advanceTimersByTime(API_KEY_TTL_MS - 100);
    expect((await t.call('GET', '/v1/me', undefined, key)).status).toBe(200);
    vi.advanceTimersByTime(200);
    const refused = await t.call('GET', '/v1/me', undefined, key);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toContain('revoked');
  });

  it('refuses a key revoked through this process on its next request', async () => {
    const { id, key } = await issue('here');
    expect((await t.call('GET', '/v1/me', undefined, key)).status).toBe(200);
    expect((await t.call('DELETE', `/v1/api-keys/${id}`)).status).toBe(200);
    expect((await t.call('GET', '/v1/me', undefined, key)).status).toBe(401);
  });

  it('never remembers an unknown key: one created afterwards works at once', async () => {
    const key = 'crk_created_after_a_miss_0123456789';
    expect((await t.call('GET', '/v1/me', undefined, key)).status).toBe(401);
    await createApiKey(t.db.sql, { workspaceId: t.workspaceId, name: 'late', role: 'editor', key });
    expect((await t.call('GET', '/v1/me', undefined, key)).body.role).toBe('editor');
  });
});
