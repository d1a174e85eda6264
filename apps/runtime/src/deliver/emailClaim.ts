import type { TransactionSql } from '../db/connect.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import { checkSend } from './checkSend.js';
import { traceDelivery } from './deliveryTrace.js';
import { type EffectRow, type Prepared, storedHeaders } from './prepareEmail.js';
import { recordTrackedMessage } from './tracking.js';

/** Advisory lock class for per-contact send checks (7270 is the worker liveness lock class). */
const SEND_LOCK = 7271;

/** A pending email whose message is composed, ready for its claim. */
export type Ready = { effect: EffectRow; prepared: Exclude<Prepared, { error: string }> };

/** What the claim did: taken by another delivery, skipped, deferred, or claimed (attempt n). */
export type Claim = { taken: true } | { skipped: true } | { deferred: string } | { attempts: number };

/** The key of a contact's send lock: one contact's emails are checked and claimed one at a time. */
export const lockKey = (effect: EffectRow) => `${effect.workspaceId}:${effect.contactId}`;

/**
 * One contact's sends are checked and claimed one at a time (an advisory lock per contact), so two
 * emails queued together cannot both pass a frequency cap of one. The lock, the row lock and the
 * send check's reads are issued together; the server runs them in that order, so the reads see the
 * state under the lock. postgres.js sends a query when it is awaited, so the first two are started
 * with execute() before checkSend sends its reads.
 */
export function checkClaim(tx: TransactionSql, { effect, prepared }: Ready) {
  const lock = tx`select pg_advisory_xact_lock(${SEND_LOCK}, hashtext(${lockKey(effect)}))`.execute();
  const rowLock = tx<
    { state: string }[]
  >`select state from effects where id = ${effect.id} for update`.execute();
  return Promise.all([
    lock,
    rowLock,
    checkSend(tx, {
      workspaceId: effect.workspaceId,
      contactId: effect.contactId,
      email: prepared.to,
      category: effect.payload.category ?? 'marketing',
      journeyCap: prepared.journeyCap,
      contactTimezone: prepared.contactTimezone,
      now: new Date(),
      policy: prepared.guardrails,
    }),
  ]).then(([, [locked], check]) => ({ state: locked?.state, check }));
}

/** Skips, defers or claims the row as its check said (in the check's transaction). */
export async function decide(
  tx: TransactionSql,
  deps: { claimant: () => number | null },
  { effect, prepared }: Ready,
  { state, check }: Awaited<ReturnType<typeof checkClaim>>,
): Promise<Claim> {
  const effectId = String(effect.id);
  if (state !== 'pending') return { taken: true };
  if (check.action === 'skip') {
    await tx`update effects set state = 'skipped', last_error = ${check.reason.summary}, updated_at = now()
             where id = ${effectId}`;
    await traceDelivery(tx, effect, 'skipped', check.reason, { code: check.reason.code });
    return { skipped: true };
  }
  if (check.action === 'defer') {
    const until = check.until.toISOString();
    await tx`update effects set last_error = ${`Deferred until ${until}: ${check.reason.summary}`},
               updated_at = now()
             where id = ${effectId}`;
    await traceDelivery(
      tx,
      effect,
      'deferred',
      { summary: `${check.reason.summary}; deferred until ${until}`, details: check.reason.details },
      { code: check.reason.code, until },
    );
    await addJobs(tx, [{ task: TASKS.deliverEmail, payload: { effectId }, runAt: check.until }]);
    return { deferred: until };
  }
  // The claim, the stored message (the one SMTP gets: composed, with footer, pixel and tracked
  // links) and its tracking, pipelined. The row is locked and pending, so the claim takes it.
  const { message, to, tracking, trackedUrls } = prepared;
  const [[row]] = await Promise.all([
    tx<{ attempts: number }[]>`
      update effects set state = 'sending', attempts = attempts + 1, claimed_by = ${deps.claimant()},
        smtp_data_at = null, updated_at = now()
      where id = ${effectId} and state = 'pending' returning attempts`,
    tx`
      insert into messages (workspace_id, effect_id, workflow_id, node_id, contact_id, message_id, to_address,
                            from_address, subject, html, text, headers)
      values (${effect.workspaceId}, ${effectId}, ${effect.workflowId}, ${effect.nodeId}, ${effect.contactId},
              ${message.messageId as string}, ${to}, ${prepared.from}, ${String(message.subject ?? '')},
              ${typeof message.html === 'string' ? message.html : null},
              ${typeof message.text === 'string' ? message.text : null},
              ${tx.json(storedHeaders(message) as never)})
      on conflict (effect_id) do nothing`,
    recordTrackedMessage(tx, tracking, {
      workflowId: effect.workflowId,
      version: effect.version,
      nodeId: effect.nodeId,
      urls: trackedUrls,
    }),
  ]);
  if (!row) throw new Error(`effect ${effectId} was claimed while locked`);
  return { attempts: row.attempts };
}
