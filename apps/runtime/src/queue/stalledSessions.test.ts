import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../db/connect.js';
import { createLogger } from '../logger.js';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { endStalledSessions } from './stalledSessions.js';

describe('database sessions stalled mid-statement', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.sql`create table stall_probe (n int)`;
  });
  afterAll(() => db.drop());

  it('ends a session of ours that waits for its client mid-statement, and leaves working ones alone', async () => {
    // A COPY FROM STDIN whose client sends nothing: the server sits `active` on Client:ClientRead,
    // as the walk's session did after a Postgres restart.
    const stalled = connect(db.url, { max: 1 });
    const copy = await stalled`copy stall_probe from stdin`.writable();
    const copyFailed = new Promise<Error>((resolve) => copy.on('error', resolve));
    // A session inside a transaction, idle between statements: not stalled mid-statement.
    const idle = connect(db.url, { max: 1 });
    let releaseIdle: () => void = () => {};
    const idleTx = idle.begin(async (tx) => {
      await tx`select 1`;
      await new Promise<void>((resolve) => {
        releaseIdle = resolve;
      });
      return tx`select 2 as two`;
    });
    const logger = createLogger('silent');
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Younger than the threshold: left alone.
      expect(await endStalledSessions(db.sql, logger, 60_000)).toEqual([]);
      const ended = await endStalledSessions(db.sql, logger, 100);
      expect(ended).toHaveLength(1);
      expect((await copyFailed).message).toMatch(/terminat|closed/i);
      releaseIdle();
      expect((await idleTx)[0]).toEqual({ two: 2 });
    } finally {
      releaseIdle();
      await stalled.end({ timeout: 1 });
      await idle.end({ timeout: 1 });
    }
  });
});
