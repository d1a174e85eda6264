import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/testApp.js';
import { actorOf, recordAudit } from './audit.js';

describe('recordAudit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('writes an entry inside the caller transaction, and none when it rolls back', async () => {
    const { sql } = t.deps;
    await sql.begin(async (tx) => {
      await recordAudit(tx, {
        workspaceId: t.workspaceId,
        actor: actorOf({ keyName: 'ci', keyId: '3f2a9c1e-0000-4000-8000-000000000000' }),
        action: 'key.created',
        subject: 'k1',
        details: { role: 'editor' },
      });
    });
    await sql
      .begin(async (tx) => {
        await recordAudit(tx, { workspaceId: t.workspaceId, actor: 'system', action: 'key.revoked' });
        throw new Error('roll back');
      })
      .catch(() => {});
    const rows = await sql`select actor, action, subject, details from audit_log
                           where workspace_id = ${t.workspaceId} and action like 'key.%'`;
    expect(rows).toEqual([
      { actor: 'ci (3f2a9c1e)', action: 'key.created', subject: 'k1', details: { role: 'editor' } },
    ]);
  });
});
