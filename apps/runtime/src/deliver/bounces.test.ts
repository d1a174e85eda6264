import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { insertWorkspace } from '../testing/testRows.js';
import { suppressHardBounce } from './bounces.js';
import { isSuppressed } from './suppressions.js';

describe('suppressHardBounce', () => {
  let db: TestDatabase;
  let ws: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    ws = await insertWorkspace(db.sql);
  });
  afterAll(() => db?.drop());

  it('suppresses the address on a hard bounce and leaves it alone on a policy refusal', async () => {
    const spam = await suppressHardBounce(
      db.sql,
      ws,
      { contactId: 'ann', email: 'ann@example.com' },
      { status: 'permanent', messageId: '<m1>', responseCode: 550, reason: '550 5.7.1 spam' },
    );
    expect(spam).toBe(false);
    expect(await isSuppressed(db.sql, ws, { email: 'ann@example.com' })).toEqual({ suppressed: false });
    const bounce = await suppressHardBounce(
      db.sql,
      ws,
      { contactId: 'ann', email: 'ann@example.com', messageKey: '5' },
      { status: 'permanent', messageId: '<m2>', responseCode: 550, reason: '550 5.1.1 User unknown' },
    );
    expect(bounce).toBe(true);
    expect(await isSuppressed(db.sql, ws, { contactId: 'ann' })).toMatchObject({
      suppressed: true,
      reason: 'bounced',
    });
    const [row] = await db.sql`select source, message_key from suppressions where workspace_id = ${ws}`;
    expect(row).toEqual({ source: 'smtp 550: 550 5.1.1 User unknown', messageKey: '5' });
  });
});
