import type { Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';

/** A statement of ours never waits this long for the rest of itself from the client. */
export const STALLED_AFTER_MS = 20_000;

/**
 * Ends database sessions of this application that have been in the middle of a statement, waiting
 * for the client to send the rest of it, for longer than `stalledAfterMs`. None of our statements
 * streams input (no COPY FROM STDIN), so such a session is one whose client and server lost step.
 * Seen after a Postgres restart: a walk's transaction sat `active` on `Client:ClientRead` with no
 * query for minutes, its job neither finishing nor failing and its 20 enrollments locked. Ending the
 * session fails the client's pending query as a lost connection, which the job rides out
 * (`timed` in worker.ts) by walking again on a fresh connection. Returns the ended sessions' pids.
 *
 * @example
 * await endStalledSessions(sql, logger);
 */
export async function endStalledSessions(
  sql: Sql,
  logger: Logger,
  stalledAfterMs = STALLED_AFTER_MS,
): Promise<number[]> {
  // Materialized: the sessions are chosen first, and only those are ended.
  const ended = await sql<{ pid: number; stalledMs: number; xactStart: Date | null }[]>`
    with stalled as materialized (
      select pid, (extract(epoch from now() - state_change) * 1000)::int as stalled_ms, xact_start
      from pg_stat_activity
      where datname = current_database() and application_name = 'crossroads' and pid <> pg_backend_pid()
        and state = 'active' and wait_event_type = 'Client' and wait_event = 'ClientRead'
        and state_change < now() - ${stalledAfterMs} * interval '1 millisecond'
    )
    select pid, stalled_ms, xact_start from stalled where pg_terminate_backend(pid)`;
  if (ended.length > 0)
    logger.warn(
      { sessions: ended },
      'ended database sessions stalled mid-statement waiting for their client',
    );
  return ended.map((row) => row.pid);
}
