import { durationMs, healthz, PolicyDuration, ROUTES, routerPath, TimeZone } from '@crossroads/api';
import fc from 'fast-check';
import { Hono } from 'hono';
import { Duration, IANAZone } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, withResponseCheck } from '../testing/testApp.js';

describe('the response check every route test runs through', () => {
  it('fails a request whose answer has a body its schema does not describe', async () => {
    const app = withResponseCheck(new Hono());
    app.get('/healthz', (c) => c.json({ ok: true, leaked: 'secret' }));
    await expect(app.request('/healthz')).rejects.toThrow(
      /GET \/healthz answered 200 outside its contract \(\/healthz\): leaked: not in the schema/,
    );
  });

  it('fails a wrong type, an undeclared status and an error that is not a problem', async () => {
    const app = withResponseCheck(new Hono());
    app.get('/healthz', (c) => c.json({ ok: 'yes' }));
    app.get('/readyz', (c) => c.json({ ok: true }, 201));
    app.get('/v1/me', (c) => c.json({ error: 'nope' }, 403));
    await expect(app.request('/healthz')).rejects.toThrow(/ok: /);
    await expect(app.request('/readyz')).rejects.toThrow(/status 201 with a JSON body is not declared/);
    await expect(app.request('/v1/me')).rejects.toThrow(/403 outside its contract/);
  });

  it('lets an answer that keeps the contract through unchanged', async () => {
    const app = withResponseCheck(new Hono());
    app.get(healthz.path, (c) => c.json({ ok: true }));
    const res = await app.request('/healthz');
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe('the app serves the contract, all of it and nothing else', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('registers a handler for every route of @crossroads/api, and no /v1 route outside it', () => {
    const registered = new Set(
      t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`),
    );
    for (const route of ROUTES) {
      expect(registered, `${route.method} ${route.path}`).toContain(
        `${route.method.toUpperCase()} ${routerPath(route.path)}`,
      );
    }
    const declared = new Set(ROUTES.map((r) => `${r.method.toUpperCase()} ${routerPath(r.path)}`));
    const extra = [...registered].filter((key) => key.includes(' /v1/') && !declared.has(key));
    expect(extra).toEqual([]);
  });

  it('serves /openapi.json generated from the contract, and the /docs page that reads it', async () => {
    const doc = await t.call('GET', '/openapi.json', undefined, '');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toContain('/v1/workflows/{id}/draft');
    expect(doc.body.paths['/v1/events'].post['x-access']).toBe('event:write');
    const page = await t.app.request('/docs');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain("fetch('/openapi.json')");
  });
});

describe('guardrail settings: what the contract accepts, the runtime reads the same way', () => {
  it('accepts only durations luxon reads, with the same length, and only zones luxon knows', () => {
    const part = (unit: string, max = 30) =>
      fc.option(
        fc.nat(max).map((n) => `${n}${unit}`),
        { nil: '' },
      );
    const iso = fc
      .tuple(
        part('Y', 1),
        part('M', 6),
        part('W', 20),
        part('D'),
        part('H', 500),
        part('M', 900),
        part('S', 9999),
        fc.boolean(),
      )
      .map(([y, mo, w, d, h, mi, s, t]) => `P${y}${mo}${w}${d}${t || h || mi || s ? `T${h}${mi}${s}` : ''}`);
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(iso, fc.string({ maxLength: 12 })), (text) => {
        if (!PolicyDuration.safeParse(text).success) return;
        accepted++;
        expect(Duration.fromISO(text).isValid, text).toBe(true);
        expect(durationMs(text), text).toBe(Duration.fromISO(text).toMillis());
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100);
    for (const zone of [
      'Europe/Berlin',
      'UTC',
      'America/Argentina/Buenos_Aires',
      'Mars/Olympus',
      'a\u0000b',
    ]) {
      if (TimeZone.safeParse(zone).success) expect(IANAZone.isValidZone(zone), zone).toBe(true);
    }
  });
});
