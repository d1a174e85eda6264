import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

describe('workspaces, /me and API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('tells a key who it is', async () => {
    const me = await t.call('GET', '/v1/me');
    expect(me.body).toMatchObject({
      workspaceId: t.workspaceId,
      workspaceName: 'Default workspace',
      role: 'admin',
      keyName: 'first-boot admin',
      instanceAdmin: true,
    });
  });

  it('lets only the instance admin create workspaces, each with a working admin key', async () => {
    const created = await t.call('POST', '/v1/workspaces', { name: 'Acme' });
    expect(created.status).toBe(201);
    expect(created.body.adminKey).toMatch(/^crk_/);
    const me = await t.call('GET', '/v1/me', undefined, created.body.adminKey);
    expect(me.body).toMatchObject({
      workspaceId: created.body.id,
      workspaceName: 'Acme',
      role: 'admin',
      instanceAdmin: false,
    });
    const refused = await t.call('POST', '/v1/workspaces', { name: 'Nope' }, created.body.adminKey);
    expect(refused.status).toBe(403);
    expect((await t.call('POST', '/v1/workspaces', {})).body.problems[0].path).toBe('name');
    const audit = await t.deps
      .sql`select workspace_id from audit_log where action = 'workspace.created' and subject = ${created.body.id}`;
    expect(audit.map((r) => r.workspaceId).sort()).toEqual([created.body.id, t.workspaceId].sort());
  });

  it('creates keys shown once, lists them without secrets, and revokes them (401 afterwards)', async () => {
    const created = await t.call('POST', '/v1/api-keys', { name: 'ci', role: 'editor' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci', role: 'editor' });
    expect(created.body.key).toMatch(/^crk_/);
    expect((await t.call('GET', '/v1/me', undefined, created.body.key)).body.role).toBe('editor');

    const list = await t.call('GET', '/v1/api-keys');
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toMatchObject({
      name: 'ci',
      role: 'editor',
      prefix: created.body.key.slice(0, 8),
      revokedAt: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);

    const revoked = await t.call('DELETE', `/v1/api-keys/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await t.call('GET', '/v1/me', undefined, created.body.key)).status).toBe(401);
    expect((await t.call('DELETE', '/v1/api-keys/00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const audit = await t.deps
      .sql`select action, actor from audit_log where subject = ${created.body.id} order by id`;
    expect(audit.map((r) => r.action)).toEqual(['key.created', 'key.revoked']);
    expect(audit[0]!.actor).toMatch(/^first-boot admin \(/);
  });

  it('names the field when a key request is wrong', async () => {
    const res = await t.call('POST', '/v1/api-keys', { name: 'x', role: 'root' });
    expect(res.status).toBe(400);
    expect(res.body.problems[0].path).toBe('role');
  });
});
