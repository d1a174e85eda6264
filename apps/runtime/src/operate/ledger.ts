import type { Sql } from '../db/connect.js';
import { STORED_MESSAGE_COLUMNS, type StoredMessageRow, storedMessage } from '../deliver/storedMessage.js';

export interface LedgerFilter {
  contactId?: string | undefined;
  workflowId?: string | undefined;
  /** Entries with a smaller id than this (paging, newest first). */
  before?: string | undefined;
  limit: number;
}

/** Emails from the ledger with their delivery state and, once rendered, the message itself. */
export async function listMessages(sql: Sql, workspaceId: string, filter: LedgerFilter) {
  const rows = await sql`
    select e.id, e.state, e.attempts, e.last_error, e.workflow_id, e.version, e.node_id, e.contact_id,
           e.created_at, e.sent_at, m.message_id, m.to_address, m.from_address, m.subject, m.caught_at,
           ${sql.unsafe(STORED_MESSAGE_COLUMNS)}
    from effects e left join messages m on m.effect_id = e.id
    where e.workspace_id = ${workspaceId} and e.kind = 'email'
      and (${filter.contactId ?? null}::text is null or e.contact_id = ${filter.contactId ?? null})
      and (${filter.workflowId ?? null}::uuid is null or e.workflow_id = ${filter.workflowId ?? null})
      and (${filter.before ?? null}::bigint is null or e.id < ${filter.before ?? null}::bigint)
    order by e.id desc limit ${filter.limit}`;
  // A stored message is composed again from its ledger row (migration 210): one page at a time.
  return Promise.all(
    rows.map(async (row) => {
      const { messageId, toAddress, fromAddress, subject, caughtAt } = row;
      const stored = row as unknown as StoredMessageRow;
      const entry = {
        id: String(row.id),
        state: row.state,
        attempts: row.attempts,
        lastError: row.lastError,
        workflowId: row.workflowId,
        version: row.version,
        nodeId: row.nodeId,
        contactId: row.contactId,
        createdAt: row.createdAt,
        sentAt: row.sentAt,
      };
      if (messageId === null) return { ...entry, message: null };
      const { html, text, headers } = await storedMessage(sql, stored);
      return {
        ...entry,
        message: { messageId, to: toAddress, from: fromAddress, subject, html, text, headers, caughtAt },
      };
    }),
  );
}

export interface HandoffFilter extends LedgerFilter {
  /** Assigned to this owner (any case): the one delivery resolved, else the node's fixed owner. */
  owner?: string | undefined;
  /** As listed: `delivered-to-ledger` is a `sent` handoff recorded without a CRM endpoint. */
  state?: 'pending' | 'sent' | 'delivered-to-ledger' | 'dead' | 'failed' | undefined;
}

// The owner a handoff is filed under; effects_handoff_owner (migration 107) indexes the same expression.
const OWNER = `lower(coalesce(payload -> 'delivery' ->> 'owner', payload -> 'assignment' ->> 'owner'))`;

/** Sales handoffs from the ledger with their delivery state, by owner and state if asked. */
export async function listHandoffs(sql: Sql, workspaceId: string, filter: HandoffFilter) {
  const toLedger = sql`state = 'sent' and payload -> 'delivery' ->> 'channel' = 'ledger'`;
  const state =
    filter.state === 'delivered-to-ledger'
      ? sql`and ${toLedger}`
      : filter.state === 'sent'
        ? sql`and state = 'sent' and not (${toLedger})`
        : filter.state
          ? sql`and state = ${filter.state}`
          : sql``;
  const owner = filter.owner ? sql`and ${sql.unsafe(OWNER)} = lower(${filter.owner})` : sql``;
  const rows = await sql`
    select id, state, attempts, last_error, workflow_id, version, node_id, contact_id, payload, created_at, sent_at
    from effects
    where workspace_id = ${workspaceId} and kind = 'handoff' ${state} ${owner}
      and (${filter.contactId ?? null}::text is null or contact_id = ${filter.contactId ?? null})
      and (${filter.workflowId ?? null}::uuid is null or workflow_id = ${filter.workflowId ?? null})
      and (${filter.before ?? null}::bigint is null or id < ${filter.before ?? null}::bigint)
    order by id desc limit ${filter.limit}`;
  return rows.map(({ payload, ...entry }) => {
    const { kind: _kind, eventId: _eventId, delivery, note, ...handoff } = payload as Record<string, unknown>;
    // Without a CRM endpoint a handoff is complete once recorded: say so instead of 'sent'.
    const toLedger =
      entry.state === 'sent' && (delivery as { channel?: string } | undefined)?.channel === 'ledger';
    return {
      ...entry,
      id: String(entry.id),
      state: toLedger ? 'delivered-to-ledger' : entry.state,
      ...handoff,
      // The note as sales reads it once rendered for delivery; its template beside it.
      note: (delivery as { note?: string } | undefined)?.note ?? note,
      noteTemplate: note,
      delivery: delivery ?? null,
    };
  });
}

/** Everyone handoffs were assigned to, with how many each, most first (the Handoffs page's filter). */
export async function listHandoffOwners(sql: Sql, workspaceId: string) {
  return sql<{ owner: string; count: number }[]>`
    select min(coalesce(payload -> 'delivery' ->> 'owner', payload -> 'assignment' ->> 'owner')) as owner,
           count(*)::int as count
    from effects
    where workspace_id = ${workspaceId} and kind = 'handoff' and ${sql.unsafe(OWNER)} is not null
    group by ${sql.unsafe(OWNER)}
    order by count desc, owner
    limit 500`;
}
