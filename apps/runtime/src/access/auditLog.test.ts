import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../db/connect.js';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { recordAudit } from './audit.js';
import { queryAudit } from './auditLog.js';

let db: TestDatabase;
let sql: Sql;
beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
});
afterAll(() => db.drop());

/** A workspace whose log has `size` entries (written by the chain trigger, one statement). */
async function workspaceWithLog(size: number): Promise<string> {
  const [ws] = await sql<{ id: string }[]>`insert into workspaces (name) values ('paging') returning id`;
  const id = ws!.id;
  if (size > 0) {
    await sql`
      insert into audit_log (workspace_id, actor, action, subject, details)
      select ${id}, 'system', 'key.created', 'k' || n, jsonb_build_object('n', n)
      from generate_series(1, ${size}) as n`;
  }
  return id;
}

/** Every page of the log at `limit`, following nextCursor; `between` runs before each next page. */
async function pageThrough(workspaceId: string, limit: number, between?: () => Promise<void>) {
  const seen: number[] = [];
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    const page = await queryAudit(sql, workspaceId, { limit, cursor });
    for (const item of page.items) seen.push(item.seq);
    // Plain checks: this loop runs some ten thousand times per log.
    if (page.items.length > limit) throw new Error(`a page of ${page.items.length} at limit ${limit}`);
    if (!page.nextCursor) break;
    if (page.items.length < limit) throw new Error(`a short page (${page.items.length}) with a next cursor`);
    cursor = page.nextCursor;
    await between?.();
    if (pages > 2_000) throw new Error('paging does not end');
  }
  return seen;
}

const descending = (size: number) => Array.from({ length: size }, (_, i) => size - i);

describe('audit log paging', () => {
  it('is newest first by number, so entry 10 follows 9, 100 follows 99 and 1000 follows 999', async () => {
    const ws = await workspaceWithLog(1001);
    const page = await queryAudit(sql, ws, { limit: 5, cursor: '12' });
    expect(page.items.map((e) => e.seq)).toEqual([11, 10, 9, 8, 7]);
    for (const cursor of ['11', '101', '1001']) {
      const next = await queryAudit(sql, ws, { limit: 2, cursor });
      const n = Number(cursor);
      expect(next.items.map((e) => e.seq)).toEqual([n - 1, n - 2]);
    }
  });

  it('neither skips nor repeats an entry, at every limit, for logs of random sizes', async () => {
    // Sizes around each change of digit count (a log of 1,000 pages across 999 → 1000 at every
    // limit), and random ones.
    const boundaries = [0, 1, 9, 10, 11, 99, 100, 101, 1000];
    const check = async (size: number) => {
      const ws = await workspaceWithLog(size);
      const limits = Array.from({ length: size + 1 }, (_, i) => i + 1);
      // Four readers at once: the pages of one limit follow each other; limits are independent.
      const next = async (): Promise<void> => {
        const limit = limits.shift();
        if (limit === undefined) return;
        const seen = await pageThrough(ws, limit);
        if (seen.length !== size || seen.some((seq, i) => seq !== size - i)) {
          throw new Error(`size ${size}, limit ${limit}: got ${seen.slice(0, 20).join(',')}…`);
        }
        return next();
      };
      await Promise.all([next(), next(), next(), next()]);
    };
    for (const size of boundaries) await check(size);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 2, max: 400 }), check), { numRuns: 4 });
  }, 600_000);

  it('stays stable while new entries arrive between pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 140 }),
        fc.integer({ min: 1, max: 30 }),
        async (size, limit) => {
          const ws = await workspaceWithLog(size);
          const arrive = () =>
            recordAudit(sql, { workspaceId: ws, actor: 'system', action: 'key.created', subject: 'late' });
          expect(await pageThrough(ws, limit, arrive)).toEqual(descending(size));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('filters before paging, so a filtered page is full and the cursor still holds', async () => {
    const ws = await workspaceWithLog(30);
    await sql`
      insert into audit_log (workspace_id, actor, action, subject)
      select ${ws}, 'system', 'workflow.paused', 'p' || n from generate_series(1, 12) as n`;
    const first = await queryAudit(sql, ws, { limit: 5, action: 'workflow.*' });
    const second = await queryAudit(sql, ws, {
      limit: 10,
      action: 'workflow.*',
      cursor: first.nextCursor ?? '',
    });
    expect([...first.items, ...second.items].map((e) => e.subject)).toEqual(
      Array.from({ length: 12 }, (_, i) => `p${12 - i}`),
    );
    expect(second.nextCursor).toBeNull();
  });
});
