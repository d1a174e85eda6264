import { recordAudit } from '../access/audit.js';
import type { Sql } from '../db/connect.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import { materializeMessage } from './storedMessage.js';

export type EmailResendResult = { ok: true; state: 'pending' } | { ok: false; state: string | null };

/** States an operator may send again: the runtime never resends these by itself. */
const RESENDABLE = new Set(['ambiguous', 'failed']);

/**
 * Sends an email again that ended `ambiguous` (interrupted mid-SMTP: the server may have it) or
 * `failed`, once an operator has decided to (e.g. after checking the provider's logs, or fixing the
 * contact's data: a resent email is rendered again from the contact as it is now). The row goes
 * back to `pending` with a fresh attempt count and its delivery is queued,
 * audited in the same transaction. The new attempt passes the send checks again (an unsubscribe
 * since then still wins) and keeps the row's Message-ID, so receivers that dedupe by it drop a copy
 * they already have. `state` says why not otherwise (null: no such email in this workspace).
 *
 * @example
 * ```ts
 * const result = await resendEmail(sql, workspaceId, '42', actorOf(auth));
 * if (!result.ok) throw conflict(`The email is ${result.state}`);
 * ```
 */
export async function resendEmail(
  sql: Sql,
  workspaceId: string,
  emailId: string,
  actor: string,
): Promise<EmailResendResult> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ state: string; workflowId: string; lastError: string | null }[]>`
      select state, workflow_id, last_error from effects
      where workspace_id = ${workspaceId} and id = ${emailId} and kind = 'email' for update`;
    if (!row || !RESENDABLE.has(row.state)) return { ok: false, state: row?.state ?? null };
    // last_error stays (it says why the last attempt ended) and keeps the stranded sweep off the row.
    // The stored message is composed from `prepared`: written in full first, so it stays the one sent.
    await materializeMessage(tx, emailId);
    // prepared = null (and its rendering beside the row gone): rendered again at delivery with the
    // contact as it is now (e.g. given an address).
    await tx`delete from effect_renderings where effect_id = ${emailId}`;
    await tx`update effects set state = 'pending', attempts = 0, claimed_by = null, prepared = null, smtp_data_at = null,
               last_error = ${`Resend requested after: ${row.lastError ?? row.state}`}, updated_at = now()
             where id = ${emailId}`;
    await addJobs(tx, [
      { task: TASKS.deliverEmail, payload: { effectId: emailId }, jobKey: `deliver:${emailId}` },
    ]);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'email.resent',
      workflowId: row.workflowId,
      subject: emailId,
      details: { previousState: row.state, lastError: row.lastError },
    });
    return { ok: true, state: 'pending' };
  });
}
