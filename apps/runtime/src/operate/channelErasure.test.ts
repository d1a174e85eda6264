import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSuppression, isSuppressed } from '../deliver/suppressions.js';
import { findTrackedMessage, makeTrackingUrls, recordTrackedMessage } from '../deliver/tracking.js';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { insertWorkspace, rowWriter } from '../testing/testRows.js';
import { eraseChannelData } from './channelErasure.js';

describe('eraseChannelData', () => {
  let db: TestDatabase;
  let ws: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    ws = await insertWorkspace(db.sql, 'x');
  });
  afterAll(() => db?.drop());

  it('deletes tracked messages and links, keeps the address suppressed under a pseudonym', async () => {
    const rows = rowWriter(db.sql, ws, new Date());
    const keys: string[] = [];
    for (const contactId of ['ann', 'bob']) {
      const messageKey = await rows.effect(contactId);
      keys.push(messageKey);
      const tracking = await makeTrackingUrls(db.sql, {
        workspaceId: ws,
        contactId,
        messageKey,
        publicUrl: 'http://x',
      });
      await recordTrackedMessage(db.sql, tracking, { urls: ['https://a.test/'] });
    }
    await addSuppression(db.sql, ws, {
      contactId: 'ann',
      email: 'ann@example.com',
      reason: 'unsubscribed',
      source: 't',
    });
    const counts = await db.sql.begin((tx) => eraseChannelData(tx, ws, 'ann', 'erased:1'));
    expect(counts).toEqual({ trackedMessages: 1, suppressions: 1 });
    expect(await findTrackedMessage(db.sql, ws, keys[0]!)).toBeNull();
    expect(await findTrackedMessage(db.sql, ws, keys[1]!)).not.toBeNull();
    const links = await db.sql`select message_key from message_links where workspace_id = ${ws}`;
    expect(links).toEqual([{ messageKey: keys[1] }]);
    expect(await isSuppressed(db.sql, ws, { contactId: 'ann' })).toEqual({ suppressed: false });
    expect(await isSuppressed(db.sql, ws, { email: 'ann@example.com' })).toMatchObject({ suppressed: true });
  });
});
