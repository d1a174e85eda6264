import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegistry } from '../registry.js';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { insertWorkspace } from '../testing/testRows.js';
import { type EnrollmentRow, loadInputs } from './walkInputs.js';

const WEEK = 7 * 86_400_000;

/** Index scans of each weekly partition of `events` (their primary keys), by partition. */
async function partitionScans(db: TestDatabase): Promise<Map<string, number>> {
  const rows = await db.sql<{ table: string; scans: number }[]>`
    select relname as table, idx_scan::int as scans from pg_stat_user_indexes
    where relname like 'events_p%' and indexrelname like '%pkey'`;
  return new Map(rows.map((r) => [r.table, r.scans]));
}

// Migration 240: the walk loads an enrolment's event through its key, which names its week, so it
// reads one partition of `events` however many weeks the retention keeps (not one index per week).
describe("the walk's event, read from its own week", () => {
  let db: TestDatabase;
  let ws: string;
  const weeksAgo = [1, 2, 3, 4, 5, 6];
  beforeAll(async () => {
    db = await createTestDatabase();
    ws = await insertWorkspace(db.sql);
    for (const n of weeksAgo) {
      const at = new Date(Date.now() - n * WEEK);
      await db.sql`select crossroads_week_partition('events', 'received_at', date_trunc('week', ${at}::timestamptz)::date)`;
      await db.sql`
        with k as (insert into event_keys (workspace_id, id, received_at) values (${ws}, ${`ev-${n}`}, ${at}))
        insert into events (workspace_id, id, contact_id, type, properties, occurred_at, received_at)
        values (${ws}, ${`ev-${n}`}, 'ann', 'page.viewed', ${db.sql.json({ week: n })}, ${at}, ${at})`;
    }
  });
  afterAll(() => db?.drop());

  it('finds each event and scans only the partition that holds it', async () => {
    const registry = await loadRegistry();
    const rows: EnrollmentRow[] = [3, 5].map((n) => ({
      id: String(n),
      workspaceId: ws,
      workflowId: randomUUID(),
      version: 1,
      contactId: 'ann',
      nodeId: 'start',
      visit: 0,
      eventId: `ev-${n}`,
      startedAt: new Date(),
      endedAt: null,
    }));
    const connection = await db.sql.reserve();
    try {
      const before = await partitionScans(db);
      // One connection throughout: its statistics are flushed below, then read.
      await connection`begin`;
      const inputs = await loadInputs(connection as never, registry, rows);
      await connection`commit`;
      await connection`select pg_stat_force_next_flush()`;
      const after = await partitionScans(db);
      const found = [...inputs.events.values()]
        .map((e) => e.properties)
        .sort((a, b) => Number(a.week) - Number(b.week));
      expect(found).toEqual([{ week: 3 }, { week: 5 }]);
      const scanned = [...after].filter(([table, scans]) => scans > (before.get(table) ?? 0)).map(([t]) => t);
      expect(scanned).toHaveLength(2);
      expect(after.size).toBeGreaterThanOrEqual(weeksAgo.length + 4);
    } finally {
      connection.release();
    }
  });
});
