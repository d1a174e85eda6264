import type { HandoffEffect } from '@crossroads/nodes';
import { renderTemplate } from '../channels/index.js';
import type { Sql } from '../db/connect.js';
import { counter } from '../metrics.js';

const handoffs = counter({ name: 'crossroads_handoffs_recorded_total', help: 'Sales handoffs recorded' });

/**
 * The `deliver-handoff` job. Until CRM endpoints exist (channels issue), delivering a handoff means
 * recording it in the ledger: the owner is resolved (round robin counts earlier handoffs of the
 * same node), the note is rendered, and the row moves pending → sent in one transaction, under a
 * row lock, so a retried job never records it twice.
 */
export async function deliverHandoff(sql: Sql, effectId: string): Promise<string> {
  return sql.begin(async (tx) => {
    const [effect] = await tx<
      {
        workspaceId: string;
        workflowId: string;
        nodeId: string;
        contactId: string;
        state: string;
        payload: HandoffEffect;
      }[]
    >`select workspace_id, workflow_id, node_id, contact_id, state, payload from effects
      where id = ${effectId} and kind = 'handoff' for update`;
    if (!effect) return 'missing';
    if (effect.state !== 'pending') return effect.state;
    const { payload } = effect;
    let owner = 'owner' in payload.assignment ? payload.assignment.owner : undefined;
    if ('roundRobin' in payload.assignment) {
      const [row] = await tx<{ count: number }[]>`
        select count(*)::int as count from effects
        where workflow_id = ${effect.workflowId} and node_id = ${effect.nodeId} and kind = 'handoff' and state = 'sent'`;
      const count = row?.count ?? 0;
      const pool = payload.assignment.roundRobin;
      owner = pool[count % pool.length];
    }
    const [contact] = await tx<{ attributes: Record<string, unknown> }[]>`
      select attributes from contacts where workspace_id = ${effect.workspaceId} and id = ${effect.contactId}`;
    const note = await renderTemplate(payload.note, {
      contact: { ...(contact?.attributes ?? {}), id: effect.contactId },
    });
    const delivery = {
      owner: owner ?? null,
      team: payload.assignment.team ?? null,
      note: note.ok ? note.output : payload.note,
      channel: 'ledger',
    };
    await tx`update effects set state = 'sent', attempts = attempts + 1, sent_at = now(), updated_at = now(),
               payload = payload || ${tx.json({ delivery } as never)}
             where id = ${effectId}`;
    handoffs.inc();
    return 'sent';
  });
}
