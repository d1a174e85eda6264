import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

describe('metrics, OpenAPI, docs and the editor', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'crossroads-editor-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    t = await createTestApp({ env: { EDITOR_DIST: dist } });
  });
  afterAll(() => t.close());

  it('counts requests by route pattern and status in Prometheus text', async () => {
    await t.call('GET', '/v1/workflows/00000000-0000-4000-8000-000000000000');
    const res = await t.app.request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /crossroads_http_requests_total\{method="GET",route="\/v1\/workflows\/:id",status="404"[^}]*\} \d+/,
    );
    expect(text).toContain('crossroads_http_request_duration_seconds_bucket');
  });

  it('exposes the event loop (delay from perf_hooks, stalls), work in flight and requests shed', async () => {
    const text = await (await t.app.request('/metrics')).text();
    for (const name of [
      'crossroads_process_nodejs_eventloop_lag_p99_seconds',
      'crossroads_process_nodejs_eventloop_lag_max_seconds',
      'crossroads_event_loop_stall_seconds_bucket',
      'crossroads_http_in_flight_units',
      'crossroads_http_shed_total',
    ])
      expect(text, name).toContain(name);
  });

  it('guards /metrics with CROSSROADS_METRICS_TOKEN when set', async () => {
    const guarded = await createTestApp({ env: { CROSSROADS_METRICS_TOKEN: 'a-long-metrics-token' } });
    try {
      expect((await guarded.app.request('/metrics')).status).toBe(401);
      const ok = await guarded.app.request('/metrics', {
        headers: { authorization: 'Bearer a-long-metrics-token' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('describes every route, including undocumented ones, in OpenAPI 3.1', async () => {
    const doc = (await t.call('GET', '/openapi.json', undefined, '')).body;
    expect(doc.openapi).toBe('3.1.0');
    const post = doc.paths['/v1/workflows'].post;
    expect(post.requestBody.content['application/json'].schema.properties.graph.$ref).toBe(
      '#/components/schemas/Graph',
    );
    expect(post.description).toMatch(/Roles: admin, editor, publisher/);
    expect(doc.paths['/v1/workflows/{id}/versions'].post['x-access']).toBe('workflow:publish');
    expect(doc.paths['/v1/audit'].get.parameters.map((p: { name: string }) => p.name)).toContain('cursor');
    for (const route of t.app.routes) {
      if (route.method === 'ALL' || route.path.includes('*')) continue;
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
  });

  it('serves the docs page without any CDN', async () => {
    const res = await t.app.request('/docs');
    const html = await res.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
  });

  it('serves the editor with SPA fallback and long-cached hashed assets', async () => {
    const page = await t.app.request('/workflows/123');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('id="root"');
    const asset = await t.app.request('/assets/index-abc123.js');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await t.app.request('/assets/missing-1.js')).status).toBe(404);
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json']) {
      expect(await (await t.app.request(path)).text()).not.toMatch(/root:|"name"/);
    }
    expect((await t.app.request('/healthz')).headers.get('content-type')).toMatch(/json/);
  });

  it('says how to build the editor when its dist folder is missing', async () => {
    const bare = await createTestApp({ env: { EDITOR_DIST: join(dist, 'nope') } });
    try {
      const res = await bare.app.request('/');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('pnpm --filter @crossroads/editor build');
    } finally {
      await bare.close();
    }
  });
});
