import type { Queryable } from '../db/connect.js';

/** The ledger row fields a delivery trace row needs. */
export interface TracedEffect {
  id: string;
  workspaceId: string;
  idempotencyKey: string;
  enrollmentId: string;
  workflowId: string;
  version: number;
  nodeId: string;
  contactId: string;
}

export type DeliveryOutcomeName = 'skipped' | 'deferred' | 'failed' | 'ambiguous' | 'dead';

/**
 * Adds a row to the contact's trace (`GET /v1/contacts/:id/trace`) saying what the delivery step
 * did with a node's effect, and why: a send skipped because the contact is suppressed, deferred by
 * quiet hours until a given time, a handoff dead-lettered. The row has `decision.delivery` and no
 * output, so stats do not count it as another visit of the node.
 *
 * @example
 * ```ts
 * await traceDelivery(tx, effect, 'deferred', { summary: 'Quiet hours until 08:00', details: { until } });
 * ```
 */
export async function traceDelivery(
  sql: Queryable,
  effect: TracedEffect,
  delivery: DeliveryOutcomeName,
  reason: { summary: string; details?: Record<string, unknown> | undefined },
  extra: Record<string, unknown> = {},
): Promise<void> {
  const [nodeType] = await sql<{ nodeType: string }[]>`
    select node_type from journey_steps
    where enrollment_id = ${effect.enrollmentId} and node_id = ${effect.nodeId}
    order by id desc limit 1`;
  await sql`
    insert into journey_steps (workspace_id, enrollment_id, workflow_id, version, contact_id, node_id, node_type,
                               visit, output, decision, reason)
    values (${effect.workspaceId}, ${effect.enrollmentId}, ${effect.workflowId}, ${effect.version},
            ${effect.contactId}, ${effect.nodeId}, ${nodeType?.nodeType ?? 'send'}, ${visitOf(effect)}, null,
            ${sql.json({ delivery, effectId: String(effect.id), ...extra } as never)},
            ${sql.json({ summary: reason.summary, ...(reason.details && { details: reason.details }) } as never)})`;
}

/** The visit the effect was written on: its idempotency key is `enrollment:node:visit[.repeat]`. */
function visitOf(effect: TracedEffect): number {
  const visit = Number.parseInt(effect.idempotencyKey.split(':').at(-1) ?? '', 10);
  return Number.isFinite(visit) ? visit : 0;
}
