import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

describe('system routes and authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers health and readiness against the real database', async () => {
    expect((await t.call('GET', '/healthz', undefined, '')).status).toBe(200);
    expect((await t.call('GET', '/readyz', undefined, '')).body).toEqual({ ok: true });
  });

  it('refuses /v1 without a key or with an unknown key, as problem+json', async () => {
    const missing = await t.call('GET', '/v1/workflows', undefined, '');
    expect(missing.status).toBe(401);
    expect(missing.body.detail).toMatch(/Authorization: Bearer/);
    const unknown = await t.call('GET', '/v1/workflows', undefined, 'crk_nope');
    expect(unknown.status).toBe(401);
  });

  it('answers unknown routes with a 404 problem naming the route', async () => {
    const res = await t.call('POST', '/nope', undefined, '');
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('POST /nope');
    const api = await t.call('GET', '/v1/nope');
    expect(api.status).toBe(404);
    expect(api.body.detail).toContain('GET /v1/nope');
  });
});
