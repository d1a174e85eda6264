import type { Queryable } from '../db/connect.js';
import { fullPayload, rendering, sharedComposed } from './ledgerParts.js';
import { type ComposedRecord, composeStored, storedHeaders } from './prepareEmail.js';
import type { PreparedEmail } from './renderEffect.js';
import { makeTrackingUrls } from './tracking.js';

/** A `messages` row with what its ledger row adds to compose it again. */
export interface StoredMessageRow {
  effectId: string;
  workspaceId: string;
  contactId: string;
  workflowId: string;
  nodeId: string;
  /** The send node's reason line (effects.payload.reason, stored once since migration 230). */
  reason: string;
  /** The rendering the message was composed from (effects.prepared). */
  prepared: PreparedEmail | null;
  html: string | null;
  text: string | null;
  headers: Record<string, unknown>;
  composed: ComposedRecord | null;
}

/**
 * The html, text and headers of a sent message as SMTP got them: stored in full (before migration
 * 210, or a message its ledger row cannot compose again), or composed again from the rendering on
 * the ledger row and `messages.composed` with the same code that composed it for SMTP.
 *
 * @example
 * const { html, text, headers } = await storedMessage(sql, row);
 */
export async function storedMessage(
  sql: Queryable,
  row: StoredMessageRow,
): Promise<{ html: string | null; text: string | null; headers: Record<string, unknown> }> {
  const rendered = row.prepared;
  if (row.composed === null || rendered === null || 'error' in rendered)
    return { html: row.html, text: row.text, headers: row.headers };
  const tracking = await makeTrackingUrls(sql, {
    workspaceId: row.workspaceId,
    contactId: row.contactId,
    messageKey: row.effectId,
    publicUrl: row.composed.publicUrl,
  });
  const { message } = composeStored(
    { id: row.effectId, workflowId: row.workflowId, nodeId: row.nodeId, payload: { reason: row.reason } },
    rendered,
    row.composed,
    tracking,
  );
  return {
    html: typeof message.html === 'string' ? message.html : null,
    text: typeof message.text === 'string' ? message.text : null,
    headers: storedHeaders(message),
  };
}

/** The columns of `messages m` joined to `effects e` a StoredMessageRow needs (in `select`). */
export const STORED_MESSAGE_COLUMNS = `e.id::text as effect_id, e.workspace_id, e.contact_id, e.workflow_id,
  e.node_id, (${fullPayload('e')}) ->> 'reason' as reason, ${rendering('e')} as prepared, m.html, m.text, m.headers, ${sharedComposed('m')} as composed`;

/**
 * Writes a message kept as what composes it in full, before what it is composed from changes (an
 * operator's resend clears the ledger row's rendering): the message view keeps showing the message
 * that was sent. A row already in full is left as it is.
 */
export async function materializeMessage(sql: Queryable, effectId: string): Promise<void> {
  const [row] = await sql<StoredMessageRow[]>`
    select ${sql.unsafe(STORED_MESSAGE_COLUMNS)}
    from messages m join effects e on e.id = m.effect_id
    where m.effect_id = ${effectId} and (m.composed is not null or m.composed_key is not null)`;
  if (!row) return;
  const full = await storedMessage(sql, row);
  await sql`
    update messages set html = ${full.html}, text = ${full.text}, headers = ${sql.json(full.headers as never)},
      composed = null, composed_key = null
    where effect_id = ${effectId}`;
}
