import { type Permission, ROLES, type Role, roleAllows } from '@crossroads/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';
import { validGraph } from './testGraphs.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

interface Fixture {
  workflowId: string;
  segmentId: string;
  keyId: string;
}

/** Every authoring route with the permission it needs and a request that changes nothing. */
function routeTable(f: Fixture): Array<{
  method: string;
  path: string;
  access: Permission | 'instance-admin' | 'any-key';
  body?: unknown;
}> {
  const wf = `/v1/workflows/${f.workflowId}`;
  return [
    { method: 'GET', path: '/v1/me', access: 'any-key' },
    { method: 'POST', path: '/v1/workspaces', access: 'instance-admin', body: {} },
    { method: 'POST', path: '/v1/api-keys', access: 'key:manage', body: {} },
    { method: 'GET', path: '/v1/api-keys', access: 'key:manage' },
    { method: 'DELETE', path: `/v1/api-keys/${UNKNOWN}`, access: 'key:manage' },
    { method: 'GET', path: '/v1/workflows', access: 'workflow:read' },
    { method: 'POST', path: '/v1/workflows', access: 'workflow:write', body: {} },
    { method: 'GET', path: wf, access: 'workflow:read' },
    { method: 'PATCH', path: wf, access: 'workflow:write', body: {} },
    { method: 'PUT', path: `${wf}/draft`, access: 'workflow:write', body: {} },
    { method: 'POST', path: `${wf}/validate`, access: 'workflow:read', body: {} },
    { method: 'POST', path: `${wf}/versions`, access: 'workflow:publish', body: {} },
    { method: 'GET', path: `${wf}/versions`, access: 'workflow:read' },
    { method: 'GET', path: `${wf}/versions/1`, access: 'workflow:read' },
    { method: 'GET', path: `${wf}/diff?from=1&to=draft`, access: 'workflow:read' },
    { method: 'POST', path: `${wf}/activate`, access: 'workflow:publish', body: {} },
    { method: 'POST', path: `${wf}/pause`, access: 'workflow:publish', body: { reason: 1 } },
    { method: 'GET', path: '/v1/segments', access: 'segment:read' },
    { method: 'POST', path: '/v1/segments', access: 'segment:write', body: {} },
    { method: 'GET', path: `/v1/segments/${f.segmentId}`, access: 'segment:read' },
    { method: 'PATCH', path: `/v1/segments/${f.segmentId}`, access: 'segment:write', body: { name: 1 } },
    { method: 'DELETE', path: `/v1/segments/${UNKNOWN}`, access: 'segment:write' },
    { method: 'GET', path: `/v1/segments/${f.segmentId}/usage`, access: 'segment:read' },
    { method: 'GET', path: '/v1/node-types', access: 'workflow:read' },
    { method: 'GET', path: '/v1/graph-schema', access: 'workflow:read' },
    { method: 'GET', path: '/v1/audit', access: 'audit:read' },
    { method: 'POST', path: '/v1/enrollments/999999/retry', access: 'workflow:publish' },
  ];
}

describe('permission matrix and workspace isolation', () => {
  let t: TestApp;
  let fixture: Fixture;
  const keys = {} as Record<Role, string>;
  let otherAdminKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ROLES)
      keys[role] = (await t.call('POST', '/v1/api-keys', { name: role, role })).body.key;
    const workflow = await t.call('POST', '/v1/workflows', { name: 'Mine', graph: validGraph() });
    await t.call('POST', `/v1/workflows/${workflow.body.id}/versions`, { message: 'v1' });
    const segment = await t.call('POST', '/v1/segments', { name: 'mine', rule: { '==': [1, 1] } });
    const key = await t.call('POST', '/v1/api-keys', { name: 'victim', role: 'editor' });
    fixture = { workflowId: workflow.body.id, segmentId: segment.body.id, keyId: key.body.id };
    otherAdminKey = (await t.call('POST', '/v1/workspaces', { name: 'Other' })).body.adminKey;
  });
  afterAll(() => t.close());

  it('lets exactly the roles with the permission through (others get 403)', async () => {
    const failures: string[] = [];
    for (const route of routeTable(fixture)) {
      for (const role of ROLES) {
        const allowed =
          route.access === 'any-key'
            ? true
            : route.access === 'instance-admin'
              ? false
              : roleAllows(role, route.access);
        const res = await t.call(route.method, route.path, route.body, keys[role]);
        const ok = allowed ? res.status !== 403 && res.status < 500 : res.status === 403;
        if (!ok) failures.push(`${role} ${route.method} ${route.path} → ${res.status} (allowed: ${allowed})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('matches the roles the issue names', async () => {
    const wf = `/v1/workflows/${fixture.workflowId}`;
    expect((await t.call('GET', wf, undefined, keys.auditor)).status).toBe(200);
    expect((await t.call('PUT', `${wf}/draft`, { graph: validGraph() }, keys.auditor)).status).toBe(403);
    expect((await t.call('GET', '/v1/audit', undefined, keys.auditor)).status).toBe(200);
    expect((await t.call('GET', '/v1/workflows', undefined, keys.ingest)).status).toBe(403);
    // A changed draft: publishing the content of the latest version again answers 409.
    const edited = { ...validGraph(), description: 'edited by the editor' };
    expect((await t.call('PUT', `${wf}/draft`, { graph: edited }, keys.editor)).status).toBe(200);
    expect((await t.call('POST', `${wf}/versions`, { message: 'x' }, keys.editor)).status).toBe(403);
    expect((await t.call('POST', `${wf}/versions`, { message: 'by publisher' }, keys.publisher)).status).toBe(
      201,
    );
    expect((await t.call('POST', `${wf}/activate`, { version: 1 }, keys.publisher)).status).toBe(200);
    expect((await t.call('GET', '/v1/audit', undefined, keys.editor)).status).toBe(403);
  });

  it('answers 404 for every id of another workspace, on every route that takes one', async () => {
    const failures: string[] = [];
    for (const route of routeTable(fixture)) {
      if (!/[0-9a-f]{8}-/.test(route.path) || route.path.includes(UNKNOWN)) continue;
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : validBodyFor(route.path);
      const res = await t.call(route.method, route.path, body, otherAdminKey);
      if (res.status !== 404) failures.push(`${route.method} ${route.path} → ${res.status}`);
    }
    for (const [method, path, body] of [
      ['DELETE', `/v1/api-keys/${fixture.keyId}`, undefined],
      ['DELETE', `/v1/segments/${fixture.segmentId}`, undefined],
      ['PUT', `/v1/workflows/${fixture.workflowId}/draft`, { graph: [] }],
    ] as const) {
      const res = await t.call(method, path, body, otherAdminKey);
      if (res.status !== 404) failures.push(`${method} ${path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
    // Lists never show the other workspace's objects, and nothing changed.
    expect((await t.call('GET', '/v1/workflows', undefined, otherAdminKey)).body.items).toEqual([]);
    expect((await t.call('GET', '/v1/segments', undefined, otherAdminKey)).body.items).toEqual([]);
    const audit = await t.call('GET', `/v1/audit?workflowId=${fixture.workflowId}`, undefined, otherAdminKey);
    expect(audit.body.items).toEqual([]);
    expect((await t.call('GET', `/v1/segments/${fixture.segmentId}`)).status).toBe(200);
    expect((await t.call('GET', '/v1/me', undefined, keys.editor)).status).toBe(200);
  });
});

function validBodyFor(path: string): unknown {
  if (path.endsWith('/draft') || path.endsWith('/validate')) return { graph: validGraph() };
  if (path.endsWith('/versions')) return { message: 'sneaky' };
  if (path.endsWith('/activate')) return { version: 1, reason: 'x' };
  if (path.endsWith('/pause')) return {};
  if (path.includes('/segments/')) return { description: 'sneaky' };
  return { name: 'sneaky' };
}
