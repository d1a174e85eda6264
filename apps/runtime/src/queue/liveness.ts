import { hostname } from 'node:os';
import { connect, type Queryable, type Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';

/** Advisory lock class for worker liveness; the key is worker_processes.lock_id. */
export const LIVENESS_LOCK_CLASS = 7270;

/**
 * A Postgres restart frees every pool's lock at once, and each pool takes it back at its next
 * liveness check (one sweep period, ~4.5 s at most). For this long after the server started, a pool
 * registered before the restart is presumed alive rather than swept as dead.
 */
export const RESTART_GRACE = '15 seconds';

export interface Liveness {
  /** This pool's key in worker_processes and its advisory lock: what `effects.claimed_by` records. */
  readonly lockId: number;
  /** Re-registers when the lock's connection was lost (e.g. Postgres restarted). */
  ensure(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Registers a worker pool as alive: a row in worker_processes and a session advisory lock held on a
 * connection of its own. The lock lives exactly as long as that connection, so when the process dies
 * (even by SIGKILL) Postgres drops it and the sweeper can tell. `ensure()` checks that this session
 * still holds the lock (the connection may have been replaced after a Postgres restart) and takes it
 * again if not.
 */
export async function registerWorkerPool(
  databaseUrl: string,
  poolId: string,
  logger?: Logger,
): Promise<Liveness> {
  const sql = connect(databaseUrl, { max: 1 });
  const acquire = async () => {
    // One statement: the row becomes visible only once its lock is held, so no sweeper sees it unlocked.
    const [row] = await sql<{ lockId: number }[]>`
      with registered as (
        insert into worker_processes (pool_id, hostname, pid) values (${poolId}, ${hostname()}, ${process.pid})
        on conflict (pool_id) do update set started_at = now()
        returning lock_id)
      select lock_id, pg_advisory_lock(${LIVENESS_LOCK_CLASS}, lock_id) from registered`;
    return row!.lockId;
  };
  let lockId = await acquire();
  return {
    get lockId() {
      return lockId;
    },
    async ensure() {
      const holds = () => sql<{ held: boolean }[]>`
        select exists (select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted
                       and classid = ${LIVENESS_LOCK_CLASS} and objid = ${lockId}) as held`;
      // A dropped connection fails a query or two; then postgres.js connects afresh.
      let rows: Awaited<ReturnType<typeof holds>> | undefined;
      for (let attempt = 0; !rows; attempt++) {
        rows = await holds().catch((error: unknown) => {
          if (attempt >= 3) throw error;
          return undefined;
        });
      }
      const [held] = rows;
      if (held?.held) return;
      lockId = await acquire();
      logger?.warn({ poolId }, 'lost the liveness lock (connection replaced); registered again');
    },
    async release() {
      await sql`select pg_advisory_unlock(${LIVENESS_LOCK_CLASS}, ${lockId})`.catch(() => {});
      await sql`delete from worker_processes where pool_id = ${poolId}`.catch(() => {});
      await sql.end({ timeout: 2 });
    },
  };
}

/**
 * Whether the pool that holds liveness lock `lockId` is alive (its session still holds the lock).
 * A claim by no one (`null`) has no live claimant. Advisory locks belong to a database, so only this
 * database's count. Shortly after a Postgres restart, see RESTART_GRACE.
 */
export async function claimantAlive(sql: Queryable, lockId: number | string | null): Promise<boolean> {
  if (lockId === null) return false;
  const [row] = await sql<{ alive: boolean }[]>`
    select exists (select 1 from pg_locks where locktype = 'advisory' and granted
                   and database = (select oid from pg_database where datname = current_database())
                   and classid = ${LIVENESS_LOCK_CLASS} and objid::bigint = ${lockId} and objsubid = 2)
        or exists (select 1 from worker_processes where lock_id = ${lockId}
                   and started_at <= pg_postmaster_start_time()
                   and pg_postmaster_start_time() > now() - ${RESTART_GRACE}::interval) as alive`;
  return row?.alive === true;
}

/**
 * Finds worker pools that died without releasing their jobs and unlocks those jobs at once
 * (Graphile Worker would otherwise wait 4 hours). A registered pool is dead when its advisory lock
 * can be taken (not in the RESTART_GRACE after a Postgres restart, when every lock is free); a lock holder that never registered is dead once its jobs have been locked for
 * `unregisteredAfterMs`. Then it nudges the workers, so the jobs run now rather than at the next poll.
 */
export async function sweepDeadWorkers(
  sql: Sql,
  logger: Logger,
  options: { unregisteredAfterMs?: number } = {},
): Promise<string[]> {
  const unregisteredAfter = `${(options.unregisteredAfterMs ?? 60_000) / 1000} seconds`;
  const dead = await sql.begin(async (tx) => {
    // The case keeps the lock attempt off pools presumed alive (RESTART_GRACE): taking their lock,
    // even for this transaction, would stall their re-registration.
    const registered = await tx<{ poolId: string }[]>`
      select pool_id from worker_processes
      where case when started_at <= pg_postmaster_start_time()
                      and pg_postmaster_start_time() > now() - ${RESTART_GRACE}::interval then false
                 else pg_try_advisory_xact_lock(${LIVENESS_LOCK_CLASS}, lock_id) end`;
    const strangers = await tx<{ lockedBy: string }[]>`
      select distinct locked_by from graphile_worker._private_jobs j
      where locked_by is not null and locked_at < now() - ${unregisteredAfter}::interval
        and not exists (select 1 from worker_processes w where w.pool_id = j.locked_by)`;
    const ids = [...registered.map((r) => r.poolId), ...strangers.map((r) => r.lockedBy)];
    if (ids.length === 0) return ids;
    await tx`select graphile_worker.force_unlock_workers(${ids}::text[])`;
    await tx`delete from worker_processes where pool_id = any(${ids}::text[])`;
    await tx`select pg_notify('jobs:insert', ${JSON.stringify({ count: 100 })})`;
    return ids;
  });
  if (dead.length > 0) logger.warn({ workers: dead }, 'unlocked the jobs of dead workers');
  return dead;
}
