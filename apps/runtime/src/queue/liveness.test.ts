import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { registerWorkerPool, sweepDeadWorkers } from './liveness.js';

const logger = createLogger('silent');

describe('worker liveness and the dead-worker sweeper', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const lockJob = async (poolId: string) => {
    const [job] = await db.sql<
      { id: string }[]
    >`select id from graphile_worker.add_job('advance', '{}'::json)`;
    await db.sql`update graphile_worker._private_jobs set locked_by = ${poolId}, locked_at = now() where id = ${job!.id}`;
    return job!.id;
  };
  const lockedBy = async (jobId: string) =>
    (await db.sql`select locked_by from graphile_worker._private_jobs where id = ${jobId}`)[0]?.lockedBy;

  it('unlocks the jobs of a pool whose process died, and only those', async () => {
    const dying = await registerWorkerPool(db.url, 'pool-dead');
    const alive = await registerWorkerPool(db.url, 'pool-alive');
    const deadJob = await lockJob('pool-dead');
    const aliveJob = await lockJob('pool-alive');
    expect(await sweepDeadWorkers(db.sql, logger)).toEqual([]);
    // The process dies: its connection closes and Postgres releases its session lock (soon after).
    await db.sql`
      select pg_terminate_backend(l.pid) from pg_locks l
      join worker_processes w on w.pool_id = 'pool-dead' and l.objid = w.lock_id
      join pg_database d on d.oid = l.database and d.datname = current_database()
      where l.locktype = 'advisory' and l.classid = 7270`;
    let swept: string[] = [];
    for (let i = 0; i < 100 && swept.length === 0; i++) {
      swept = await sweepDeadWorkers(db.sql, logger);
      if (swept.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(swept).toEqual(['pool-dead']);
    await dying.release();
    expect(await lockedBy(deadJob)).toBeNull();
    expect(await lockedBy(aliveJob)).toBe('pool-alive');
    expect((await db.sql`select pool_id from worker_processes`).map((r) => r.poolId)).toEqual(['pool-alive']);
    await alive.release();
  });

  it('registers again when its lock connection is lost, so it is not swept as dead', async () => {
    const pool = await registerWorkerPool(db.url, 'pool-flaky', logger);
    const job = await lockJob('pool-flaky');
    // Only this database's lock holders: the test server is shared with other test files.
    await db.sql`
      select pg_terminate_backend(l.pid) from pg_locks l
      join pg_database d on d.oid = l.database and d.datname = current_database()
      where l.locktype = 'advisory' and l.classid = 7270 and l.pid <> pg_backend_pid()`;
    await pool.ensure();
    expect(await sweepDeadWorkers(db.sql, logger)).toEqual([]);
    expect(await lockedBy(job)).toBe('pool-flaky');
    await pool.release();
  });

  it('treats lockers that never registered as dead once their jobs are old', async () => {
    const job = await lockJob('pool-unknown');
    expect(await sweepDeadWorkers(db.sql, logger)).toEqual([]);
    await db.sql`update graphile_worker._private_jobs set locked_at = now() - interval '2 minutes' where id = ${job}`;
    expect(await sweepDeadWorkers(db.sql, logger)).toEqual(['pool-unknown']);
    expect(await lockedBy(job)).toBeNull();
  });
});
