import type { HandoffOutcomeInput } from '@crossroads/api';
import type { Registry } from '@crossroads/nodes';
import type { Sql } from '../db/connect.js';
import { ingestEvents } from '../ingest/ingestEvents.js';

export type OutcomeResult =
  | { ok: false }
  | { ok: true; duplicate: boolean; event: { id: string; type: string } };

/**
 * Sales feedback on a handoff, as the CRM reports it, becomes the event `handoff.<outcome>` of the
 * handoff's contact, stored and acted on through the normal ingest path (waits resume, goals
 * convert, triggers enrol). Its id is `handoff.<outcome>:<handoff id>`, so each outcome of a handoff
 * is recorded once however often the CRM sends it. The properties name the handoff, its journey
 * step and owner, and what the CRM said (reason; amount and currency of a won deal).
 */
export async function recordHandoffOutcome(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  handoffId: string,
  input: HandoffOutcomeInput,
): Promise<OutcomeResult> {
  const [handoff] = await sql<
    { contactId: string; workflowId: string; version: number; nodeId: string; owner: string | null }[]
  >`
    select contact_id, workflow_id, version, node_id,
           coalesce(payload -> 'delivery' ->> 'owner', payload -> 'assignment' ->> 'owner') as owner
    from effects where workspace_id = ${workspaceId} and id = ${handoffId} and kind = 'handoff'`;
  if (!handoff) return { ok: false };
  const { occurredAt, outcome, ...said } = input;
  const event = { id: `handoff.${outcome}:${handoffId}`, type: `handoff.${outcome}` };
  const result = await ingestEvents(sql, registry, workspaceId, [
    {
      ...event,
      contactId: handoff.contactId,
      properties: {
        handoffId,
        outcome,
        workflowId: handoff.workflowId,
        version: handoff.version,
        nodeId: handoff.nodeId,
        owner: handoff.owner,
        ...said,
      },
      ...(occurredAt && { timestamp: occurredAt }),
    },
  ]);
  return { ok: true, duplicate: result.duplicates > 0, event };
}
