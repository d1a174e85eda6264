import type { ChaosEnv } from './chaosEnv.js';

interface StragglerRow {
  id: string;
  contactId: string;
  state: string;
  nodeId: string;
  visit: number;
  waitUntil: Date | null;
  effects: string | null;
  jobs: string | null;
}

/**
 * Where the enrollments that did not end (or whose effects were never delivered) stopped: their state, node and visit, their effects, and
 * every Graphile Worker job that names them or their effects (attempts, run_at, lock, last error).
 * No job at all means the job that should move them was lost (completed jobs are deleted).
 *
 * @example
 * for (const line of await describeStragglers(env)) r.fail(line);
 */
export async function describeStragglers(env: ChaosEnv, limit = 10): Promise<string[]> {
  const rows = await env.sql<StragglerRow[]>`
    with stuck as (
      select * from enrollments
      where ended_at is null
         or id in (select enrollment_id from effects where state in ('pending', 'sending'))
      order by id limit ${limit}
    )
    select e.id::text, e.contact_id, e.state, e.node_id, e.visit, e.wait_until,
      (select string_agg((to_jsonb(f) - 'payload' - 'workspace_id' - 'workflow_id')::text, '; ')
        from effects f where f.enrollment_id = e.id) as effects,
      (select string_agg(format('job %s %s attempts=%s/%s run_at=%s locked_by=%s locked_at=%s err=%s',
          j.id, j.task_identifier, j.attempts, j.max_attempts, to_char(j.run_at, 'HH24:MI:SS.MS'),
          j.locked_by, to_char(j.locked_at, 'HH24:MI:SS.MS'), left(j.last_error, 120)), '; ')
        from graphile_worker.jobs j
        join graphile_worker._private_jobs p on p.id = j.id
        where p.payload->>'enrollmentId' = e.id::text
          or p.payload::jsonb->'batch' @> jsonb_build_array(jsonb_build_object('enrollmentId', e.id::text))
          or p.payload->>'effectId' in (select f.id::text from effects f where f.enrollment_id = e.id)
      ) as jobs
    from stuck e order by e.id`;
  const [clock] = await env.sql<{ now: string }[]>`select to_char(now(), 'HH24:MI:SS.MS') as now`;
  const now = clock?.now;
  // What every other session is doing: a straggler's job that neither ends nor fails is waiting on
  // something (a lock, a transaction left open, a client that stopped answering).
  const sessions =
    rows.length === 0
      ? []
      : await env.sql<{ line: string }[]>`
          select format('session %s %s wait=%s:%s xact_start=%s state_change=%s query=%s', pid, state,
                   wait_event_type, wait_event, to_char(xact_start, 'HH24:MI:SS.MS'),
                   to_char(state_change, 'HH24:MI:SS.MS'), left(regexp_replace(query, '\s+', ' ', 'g'), 140)) as line
          from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
          order by xact_start nulls last`;
  return [
    ...rows.map(
      (s) =>
        `straggler (db time ${now}): enrollment ${s.id} (${s.contactId}) ${s.state} at ${s.nodeId} visit ${s.visit}` +
        `${s.waitUntil ? ` wait_until ${s.waitUntil.toISOString()}` : ''}; effects: ${s.effects ?? 'none'}; ` +
        `jobs: ${s.jobs ?? 'none'}`,
    ),
    ...sessions.map((s) => `straggler context: ${s.line}`),
  ];
}

/**
 * The ambiguous emails and why (their `last_error` says who marked them: a retried job or the
 * stranded-delivery sweep), grouped by reason, for a post-mortem of a run. Printed, not asserted.
 */
export async function describeAmbiguous(env: ChaosEnv): Promise<string[]> {
  const rows = await env.sql<{ reason: string | null; n: number; ids: string }[]>`
    select last_error as reason, count(*)::int as n, string_agg(id::text, ',' order by id) as ids
    from effects where kind = 'email' and state = 'ambiguous' group by 1 order by 2 desc`;
  return rows.map((r) => `ambiguous: ${r.n} × ${r.reason ?? '(no reason)'} (effects ${r.ids.slice(0, 120)})`);
}
