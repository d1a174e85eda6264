import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type Sql } from '../db/connect.js';
import { loadMigrations } from '../db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { recordAudit } from './audit.js';
import { verifyAuditChain } from './auditVerify.js';

let db: TestDatabase;
let sql: Sql;
beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
});
afterAll(() => db.drop());

async function workspace(entries: number): Promise<string> {
  const [ws] = await sql<{ id: string }[]>`insert into workspaces (name) values ('chain') returning id`;
  for (let n = 1; n <= entries; n++) {
    await recordAudit(sql, {
      workspaceId: ws!.id,
      actor: 'Ana (3f2a9c1e)',
      action: 'workflow.paused',
      subject: `v${n}`,
      details: { version: n, reason: `reason ${n}`, nested: { list: [1, 2.5, 'ü "quoted"'] } },
    });
  }
  return ws!.id;
}

/** As a superuser may: with triggers off for this transaction only. */
const asSuperuser = (run: (tx: Sql) => Promise<unknown>) =>
  sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await run(tx as unknown as Sql);
  });

describe('the audit hash chain', () => {
  it('numbers each workspace’s entries 1, 2, 3… and links each to the one before', async () => {
    const ws = await workspace(4);
    const rows = await sql<{ seq: string; prevHash: string | null; hash: string }[]>`
      select seq, prev_hash, hash from audit_log where workspace_id = ${ws} order by seq`;
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4]);
    expect(rows[0]!.prevHash).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(4);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    // The verifier's inline hash agrees with the function that wrote the entries.
    expect(await verifyAuditChain(sql, ws)).toMatchObject({
      ok: true,
      entries: 4,
      verifiedUpTo: 4,
      headHash: rows[3]!.hash,
      firstBroken: null,
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const ws = await workspace(2);
    await expect(sql`update audit_log set subject = 'x' where workspace_id = ${ws}`).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where workspace_id = ${ws}`).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(sql, ws)).entries).toBe(2);
  });

  it('names an entry a superuser edited, with triggers off', async () => {
    const ws = await workspace(5);
    await asSuperuser(
      (tx) => tx`update audit_log set details = details || '{"reason": "nothing to see"}'
                 where workspace_id = ${ws} and seq = 3`,
    );
    const result = await verifyAuditChain(sql, ws);
    expect(result.ok).toBe(false);
    expect(result.verifiedUpTo).toBe(2);
    expect(result.firstBroken).toMatchObject({ seq: 3, reason: 'content-changed' });
    expect(result.firstBroken?.detail).toContain('Entry 3 was changed');
  });

  it('names the gap a superuser left by deleting an entry', async () => {
    const ws = await workspace(5);
    await asSuperuser((tx) => tx`delete from audit_log where workspace_id = ${ws} and seq = 2`);
    const result = await verifyAuditChain(sql, ws);
    expect(result.firstBroken).toMatchObject({ seq: 3, reason: 'entries-missing' });
    expect(result.verifiedUpTo).toBe(1);
  });

  it('names the next entry when one was rewritten with a hash of its own', async () => {
    const ws = await workspace(4);
    await asSuperuser(async (tx) => {
      await tx`update audit_log set subject = 'v9' where workspace_id = ${ws} and seq = 2`;
      await tx`update audit_log a set hash = crossroads_audit_hash(a) where workspace_id = ${ws} and seq = 2`;
    });
    const result = await verifyAuditChain(sql, ws);
    expect(result.firstBroken).toMatchObject({ seq: 3, reason: 'link-broken' });
  });

  it('keeps workspaces apart: one workspace’s open audit write blocks neither another’s nor ingest', async () => {
    const [a, b] = [await workspace(1), await workspace(1)];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const open = sql.begin(async (tx) => {
      await recordAudit(tx, { workspaceId: a, actor: 'system', action: 'workflow.paused' });
      locked();
      await held;
    });
    await lockTaken;
    try {
      // Workspace b appends and an event of workspace a is stored while a's audit lock is held.
      await recordAudit(sql, { workspaceId: b, actor: 'system', action: 'workflow.paused' });
      await sql`insert into events (workspace_id, id, contact_id, type, occurred_at)
                values (${a}, 'e1', 'c1', 'page.viewed', now())`;
    } finally {
      release();
      await open;
    }
    expect((await verifyAuditChain(sql, a)).entries).toBe(2);
    expect((await verifyAuditChain(sql, b)).entries).toBe(2);
  });

  it('chains concurrent writers of one workspace without forks or gaps', async () => {
    const ws = await workspace(0);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sql.begin((tx) =>
          recordAudit(tx, { workspaceId: ws, actor: 'system', action: 'key.created', subject: `${i}` }),
        ),
      ),
    );
    expect(await verifyAuditChain(sql, ws)).toMatchObject({ ok: true, entries: 12, verifiedUpTo: 12 });
  });
});

describe('migration 090', () => {
  it('numbers and chains the entries written before it, per workspace', async () => {
    const { adminUrl } = inject('testPostgres');
    const name = `crossroads_backfill_${randomBytes(5).toString('hex')}`;
    const admin = connect(adminUrl, { max: 1 });
    await admin.unsafe(`create database "${name}"`);
    const fresh = connect(adminUrl.replace(/\/[^/]*$/, `/${name}`), { max: 1 });
    try {
      const migrations = await loadMigrations();
      const before = migrations.filter((m) => m.id < 90);
      for (const m of before) await fresh.unsafe(m.sql);
      const ids = await fresh<{ id: string }[]>`
        insert into workspaces (name) values ('one'), ('two') returning id`;
      for (let n = 0; n < 7; n++) {
        await fresh`insert into audit_log (workspace_id, actor, action, details)
                    values (${ids[n % 2]!.id}, 'system', 'key.created', ${fresh.json({ n })})`;
      }
      for (const m of migrations.filter((m) => m.id >= 90)) await fresh.unsafe(m.sql);
      for (const [i, { id }] of ids.entries()) {
        expect(await verifyAuditChain(fresh, id)).toMatchObject({ ok: true, entries: i === 0 ? 4 : 3 });
      }
      const seqs = await fresh<{ seq: string; n: number }[]>`
        select seq, (details->>'n')::int as n from audit_log where workspace_id = ${ids[0]!.id} order by seq`;
      expect(seqs.map((r) => [Number(r.seq), r.n])).toEqual([
        [1, 0],
        [2, 2],
        [3, 4],
        [4, 6],
      ]);
      // New entries continue the backfilled chain.
      await recordAudit(fresh, { workspaceId: ids[1]!.id, actor: 'system', action: 'key.revoked' });
      expect(await verifyAuditChain(fresh, ids[1]!.id)).toMatchObject({ ok: true, entries: 4 });
    } finally {
      await fresh.end();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
