import type { Queryable } from '../db/connect.js';
import type { TracedEffect } from './deliveryTrace.js';
import { type FrequencyCap, renderEffect } from './renderEffect.js';

/**
 * Renders an effect from the database, as its walk would have: the contact as it is now, the
 * enrolling event and the version's frequency cap. For the rows that carry no `prepared` (written
 * before migration 080) and for an email an operator resends (its contact may have been fixed
 * since, e.g. given an address), which is why a resend clears `prepared`.
 */
export async function renderAgain(
  sql: Queryable,
  effect: TracedEffect & { kind: string; payload: { kind: string; eventId?: string | null } },
): ReturnType<typeof renderEffect> {
  const [row] = await sql<
    {
      attributes: Record<string, unknown> | null;
      eventType: string | null;
      eventProperties: unknown;
      eventOccurredAt: Date | null;
      journeyCap: FrequencyCap | null;
    }[]
  >`
    select c.attributes, ev.type as event_type, ev.properties as event_properties,
           ev.occurred_at as event_occurred_at, v.graph -> 'settings' -> 'frequencyCap' as journey_cap
    from (select) as one
    left join contacts c on c.workspace_id = ${effect.workspaceId} and c.id = ${effect.contactId}
    left join events ev on ev.workspace_id = ${effect.workspaceId} and ev.id = ${effect.payload.eventId ?? null}
    left join workflow_versions v on v.workflow_id = ${effect.workflowId} and v.version = ${effect.version}`;
  return renderEffect(
    effect.payload,
    {
      contact: { ...(row?.attributes ?? {}), id: effect.contactId },
      event:
        row?.eventType && row.eventOccurredAt
          ? { type: row.eventType, properties: row.eventProperties, timestamp: row.eventOccurredAt }
          : null,
      journey: { workflowId: effect.workflowId, version: effect.version, enrollmentId: effect.enrollmentId },
    },
    row?.journeyCap ?? null,
  );
}
