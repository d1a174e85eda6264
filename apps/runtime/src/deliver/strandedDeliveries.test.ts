import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { type Liveness, registerWorkerPool } from '../queue/liveness.js';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { insertWorkspace } from '../testing/testRows.js';
import { sweepStrandedDeliveries } from './strandedDeliveries.js';

const logger = createLogger('silent');

describe('the stranded-delivery sweep', () => {
  let db: TestDatabase;
  let workspaceId: string;
  let alive: Liveness;
  beforeAll(async () => {
    db = await createTestDatabase();
    workspaceId = await insertWorkspace(db.sql);
    alive = await registerWorkerPool(db.url, 'pool-alive');
  });
  afterAll(async () => {
    await alive.release();
    await db.drop();
  });

  let n = 0;
  /** A ledger row as a walk (and maybe a delivery) left it, written `ageSeconds` ago. */
  const effect = async (row: {
    kind?: 'email' | 'handoff';
    state: string;
    attempts?: number;
    lastError?: string;
    claimedBy?: number | null;
    ageSeconds?: number;
    /** The body of its attempt had begun to go to the SMTP server. */
    bodyWent?: boolean;
  }) => {
    n += 1;
    const at = new Date(Date.now() - (row.ageSeconds ?? 60) * 1000);
    const [inserted] = await db.sql<{ id: string }[]>`
      insert into effects (workspace_id, idempotency_key, enrollment_id, workflow_id, version, node_id, contact_id,
                           kind, state, payload, attempts, last_error, claimed_by, created_at, updated_at,
                           smtp_data_at)
      values (${workspaceId}, ${`${n}:send-1:1`}, ${n}, ${randomUUID()}, 1, 'send-1', ${`c${n}`},
              ${row.kind ?? 'email'}, ${row.state}, ${db.sql.json({ kind: row.kind ?? 'email' })},
              ${row.attempts ?? 0}, ${row.lastError ?? null}, ${row.claimedBy ?? null}, ${at}, ${at},
              ${row.bodyWent ? at : null})
      returning id::text`;
    return inserted!.id;
  };
  const stateOf = async (id: string) =>
    (await db.sql<{ state: string }[]>`select state from effects where id = ${id}`)[0]?.state;
  const jobFor = async (id: string) =>
    (
      await db.sql<{ task: string }[]>`
        select t.identifier as task from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id where j.key = ${`deliver:${id}`}`
    )[0]?.task;

  it('queues what no delivery claimed, settles emails of dead workers by how far they got, and leaves the rest', async () => {
    const deadLock = alive.lockId + 1000; // no session holds it
    const unclaimedEmail = await effect({ state: 'pending' });
    const unclaimedHandoff = await effect({ kind: 'handoff', state: 'pending' });
    const young = await effect({ state: 'pending', ageSeconds: 1 });
    const deferred = await effect({ state: 'pending', lastError: 'Deferred until tomorrow: quiet hours' });
    const retrying = await effect({
      state: 'pending',
      attempts: 1,
      lastError: '451 try later',
      claimedBy: deadLock,
    });
    const sendingDead = await effect({ state: 'sending', attempts: 1, claimedBy: deadLock, bodyWent: true });
    const beforeBodyDead = await effect({ state: 'sending', attempts: 1, claimedBy: deadLock });
    const sendingAlive = await effect({
      state: 'sending',
      attempts: 1,
      claimedBy: alive.lockId,
      bodyWent: true,
    });
    const handoffDead = await effect({ kind: 'handoff', state: 'pending', attempts: 1, claimedBy: deadLock });
    const handoffAlive = await effect({
      kind: 'handoff',
      state: 'pending',
      attempts: 1,
      claimedBy: alive.lockId,
    });
    const sent = await effect({ state: 'sent', attempts: 1, claimedBy: deadLock });

    const swept = await sweepStrandedDeliveries(db.sql, logger, { pendingAfterMs: 10_000 });

    expect(swept).toEqual({ requeued: 3, ambiguous: 1, resent: 1 });
    // Its body never went out, so the server cannot have it: sent again, not ambiguous.
    expect(await stateOf(beforeBodyDead)).toBe('pending');
    expect(await jobFor(beforeBodyDead)).toBe('deliver-email');
    expect(await jobFor(unclaimedEmail)).toBe('deliver-email');
    expect(await jobFor(unclaimedHandoff)).toBe('deliver-handoff');
    expect(await jobFor(handoffDead)).toBe('deliver-handoff');
    expect(await stateOf(sendingDead)).toBe('ambiguous');
    for (const untouched of [young, deferred, retrying, sendingAlive, handoffAlive, sent]) {
      expect(await jobFor(untouched)).toBeUndefined();
    }
    expect(await stateOf(sendingAlive)).toBe('sending');
    const [trace] = await db.sql<{ decision: { delivery: string; effectId: string } }[]>`
      select decision from journey_steps where contact_id = (select contact_id from effects where id = ${sendingDead})`;
    expect(trace?.decision).toMatchObject({ delivery: 'ambiguous', effectId: sendingDead });

    // A second sweep queues nothing twice (the job key) and finds nothing new.
    await sweepStrandedDeliveries(db.sql, logger, { pendingAfterMs: 10_000 });
    const [{ jobs }] = (await db.sql`
      select count(*)::int as jobs from graphile_worker._private_jobs where key like 'deliver:%'`) as unknown as [
      { jobs: number },
    ];
    expect(jobs).toBe(4);
  });
});
