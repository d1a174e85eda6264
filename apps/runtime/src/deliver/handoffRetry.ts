import { recordAudit } from '../access/audit.js';
import type { Sql } from '../db/connect.js';
import { addJobs, TASKS } from '../queue/jobs.js';

export type HandoffRetryResult = { ok: true; state: 'pending' } | { ok: false; state: string | null };

/**
 * Puts a dead-lettered handoff back to `pending` with a fresh retry schedule and queues its
 * delivery, audited in the same transaction. Only `dead` handoffs can be retried: anything else
 * is still on its way or already delivered (`state` says which; null when there is no such handoff).
 *
 * @example
 * ```ts
 * const result = await retryHandoff(sql, workspaceId, '42', actorOf(auth));
 * if (!result.ok) throw conflict(`The handoff is ${result.state}`);
 * ```
 */
export async function retryHandoff(
  sql: Sql,
  workspaceId: string,
  handoffId: string,
  actor: string,
): Promise<HandoffRetryResult> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ state: string; workflowId: string; lastError: string | null }[]>`
      select state, workflow_id, last_error from effects
      where workspace_id = ${workspaceId} and id = ${handoffId} and kind = 'handoff' for update`;
    if (row?.state !== 'dead') return { ok: false, state: row?.state ?? null };
    await tx`update effects set state = 'pending', attempts = 0, updated_at = now() where id = ${handoffId}`;
    await addJobs(tx, [{ task: TASKS.deliverHandoff, payload: { effectId: handoffId } }]);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'handoff.retried',
      workflowId: row.workflowId,
      subject: handoffId,
      details: { lastError: row.lastError },
    });
    return { ok: true, state: 'pending' };
  });
}
