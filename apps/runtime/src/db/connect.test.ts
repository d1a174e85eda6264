import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { connect } from './connect.js';
import { isDatabaseUnavailable } from './unavailable.js';

describe('a transaction whose server session ended', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  // What the engine's retries rely on (`timed` in worker/worker.ts, untilDatabaseAnswers): the next
  // statement fails, as a lost connection, rather than waiting forever, and the pool recovers.
  it('fails its next statement as a lost connection and leaves the pool usable', async () => {
    const sql = connect(db.url, { max: 1 });
    try {
      const walk = sql.begin(async (tx) => {
        // The server ends the session itself, as a restart or a timeout does.
        await tx`set local idle_in_transaction_session_timeout = 100`;
        await new Promise((resolve) => setTimeout(resolve, 400));
        await tx`select 1`;
      });
      const outcome = await Promise.race([
        walk.then(
          () => 'committed',
          (error: unknown) => error,
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5000)),
      ]);
      expect(isDatabaseUnavailable(outcome), String((outcome as { code?: string }).code ?? outcome)).toBe(
        true,
      );
      expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
