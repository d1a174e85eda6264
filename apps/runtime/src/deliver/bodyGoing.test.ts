import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { insertWorkspace, rowWriter } from '../testing/testRows.js';
import { markBodyGoing } from './bodyGoing.js';

describe('markBodyGoing', () => {
  let db: TestDatabase;
  let ws: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    ws = await insertWorkspace(db.sql, 'x');
  });
  afterAll(() => db?.drop());

  it('marks, in one statement, only the emails still sending under the attempt that asks', async () => {
    const rows = rowWriter(db.sql, ws, new Date());
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map((c) => rows.effect(c, { state: 'sending' })));
    const [mine, retried, done, later] = ids as [string, string, string, string];
    // Each row is checked against its own attempt: `retried` is at attempt 5, which another row of
    // the same statement asks for, so matching against any of the batch's attempts would take it.
    await db.sql`update effects set attempts = 2 where id = any(${[mine, done]}::bigint[])`;
    await db.sql`update effects set attempts = 5 where id = any(${[retried, later]}::bigint[])`;
    await db.sql`update effects set state = 'sent' where id = ${done}`;
    const outcomes = await Promise.allSettled([
      markBodyGoing(db.sql, mine, 2),
      markBodyGoing(db.sql, retried, 2), // claimed again since: attempt 5
      markBodyGoing(db.sql, done, 2), // no longer sending
      markBodyGoing(db.sql, later, 5),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    const marked = await db.sql<{ id: string }[]>`
      select id::text from effects where smtp_data_at is not null order by id`;
    expect(marked.map((r) => r.id)).toEqual([mine, later].sort((x, y) => Number(x) - Number(y)));
  });
});
