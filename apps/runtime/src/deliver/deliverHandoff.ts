import { deliverWebhook, webhookRetrySchedule } from '../channels/index.js';
import type { Sql, TransactionSql } from '../db/connect.js';
import { untilDatabaseAnswers } from '../db/untilDatabaseAnswers.js';
import type { Logger } from '../logger.js';
import { counter } from '../metrics.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import { claimantAlive } from '../queue/liveness.js';
import { crmEndpointOf, parseChannelSettings } from './channelSettings.js';
import { CRM_KINDS, type CrmRecord, type CrmRow, resolveRecord, webhookBody } from './crmRecords.js';
import { exclusively } from './deliverEmail.js';
import { traceDelivery } from './deliveryTrace.js';
import { rendering } from './ledgerParts.js';

const handoffs = counter({
  name: 'crossroads_handoffs_recorded_total',
  help: 'Sales handoffs by delivery outcome',
  labelNames: ['state'],
});

export interface HandoffDeps {
  sql: Sql;
  logger: Logger;
  /** CROSSROADS_ALLOW_LOOPBACK_URLS: development only. */
  allowLoopback: boolean;
  /** Multiplies webhookRetrySchedule's delays (tests shorten the ~24 h schedule); default 1. */
  webhookRetryScale?: number;
  /** This worker pool's liveness lock id, recorded as `claimed_by` (null: not registered). */
  claimant: () => number | null;
}

/** Handoffs this process is delivering now (see deliverEmail's). */
const inFlight = new Map<string, Promise<unknown>>();

const what = (effect: CrmRow) => (effect.kind === 'handoff' ? 'handoff' : 'contact update');

/** A handoff always goes to the CRM endpoint when there is one; a contact update when asked to. */
const syncs = (effect: CrmRow) => effect.payload.kind !== 'contact-update' || effect.payload.syncToCrm;

/**
 * The `deliver-handoff` job (also a synced update-contact step's `contact.updated`, see crmRecords.ts). First resolves the handoff once (owner by the node's rule, round robin
 * through a database counter; the note as the walk rendered it) and stores it on the ledger
 * row. Then, with a CRM endpoint, POSTs it as a Standard Webhook whose `webhook-id` is the row's
 * idempotency key (stable across retries, so receivers dedupe) signed with every active secret:
 * 2xx → sent; transient → retried per webhookRetrySchedule (~24 h), then `dead`; permanent → `dead`
 * (a manual retry puts it back to pending). Without an endpoint it ends `sent` with
 * `delivery.channel: 'ledger'` (the API says `delivered-to-ledger`).
 */
export function deliverHandoff(deps: HandoffDeps, effectId: string): Promise<string> {
  return exclusively(inFlight, effectId, () => deliverOnce(deps, effectId));
}

async function deliverOnce(deps: HandoffDeps, effectId: string): Promise<string> {
  const { sql } = deps;
  const resolved = await sql.begin(async (tx) => {
    const [effect] = await lockHandoffs(tx, [effectId]);
    if (effect?.state !== 'pending') return effect?.state ?? 'missing';
    // Claimed and not yet answered (a retry would have said why in last_error): still being POSTed
    // by a live pool (a sweep came early), or stranded by a dead one or by this pool's failed try.
    if (effect.attempts > 0 && effect.lastError === null && effect.claimedBy !== null) {
      const ours = Number(effect.claimedBy) === deps.claimant();
      if (!ours && (await claimantAlive(tx, effect.claimedBy))) return 'in-progress';
    }
    const endpoint = syncs(effect) ? crmEndpointOf(parseChannelSettings(effect.channels)) : null;
    if (!endpoint) {
      // Only this ledger: resolved and recorded as sent in one transaction.
      const delivery = {
        ...(effect.payload.delivery ?? (await resolveRecord(tx, effect))),
        channel: 'ledger',
      };
      await tx`update effects set state = 'sent', attempts = attempts + 1, sent_at = now(), updated_at = now(),
                 last_error = null, payload = payload || ${tx.json({ delivery } as never)}
               where id = ${effectId}`;
      return 'ledger';
    }
    // Resolved once (a retry reuses what was stored) and claimed in the same transaction. Read back
    // as stored, so this attempt's body equals a retry's (jsonb orders keys its own way).
    const delivery = { ...(effect.payload.delivery ?? (await resolveRecord(tx, effect))), channel: 'crm' };
    const [claim] = await tx<{ record: CrmRecord; attempts: number }[]>`
      update effects set payload = payload || ${tx.json({ delivery } as never)}, attempts = attempts + 1,
        claimed_by = ${deps.claimant()}, updated_at = now()
      where id = ${effectId} returning payload -> 'delivery' as record, attempts`;
    return { effect, record: claim?.record as CrmRecord, endpoint, attempts: claim?.attempts ?? 1 };
  });
  if (resolved === 'ledger') {
    handoffs.inc({ state: 'delivered-to-ledger' });
    return 'sent';
  }
  if (typeof resolved === 'string') return resolved;
  const { effect, record, endpoint, attempts } = resolved;
  const outcome = await deliverWebhook({
    url: endpoint.url,
    id: effect.idempotencyKey,
    payload: webhookBody(effect, record),
    secrets: endpoint.secrets,
    allowLoopback: deps.allowLoopback,
    logger: deps.logger,
  });
  // The CRM has answered: record it even if the database blinks now (see untilDatabaseAnswers).
  return untilDatabaseAnswers(async () => {
    if (outcome.status === 'delivered') {
      await sql`update effects set state = 'sent', sent_at = now(), updated_at = now(), last_error = null
                where id = ${effectId} and state = 'pending'`;
      handoffs.inc({ state: 'sent' });
      return 'sent';
    }
    const next = outcome.status === 'transient' ? webhookRetrySchedule(attempts) : undefined;
    if (next?.retry) {
      const delay = Math.round(next.delayMs * (deps.webhookRetryScale ?? 1));
      await sql.begin(async (tx) => {
        await tx`update effects set last_error = ${outcome.reason}, updated_at = now() where id = ${effectId}`;
        await addJobs(tx, [
          { task: TASKS.deliverHandoff, payload: { effectId }, runAt: new Date(Date.now() + delay) },
        ]);
      });
      handoffs.inc({ state: 'retrying' });
      return 'retrying';
    }
    const why =
      outcome.status === 'permanent'
        ? `CRM refused the ${what(effect)}: ${outcome.reason}`
        : `CRM unreachable after ${attempts} attempts: ${outcome.reason}`;
    await sql.begin(async (tx) => {
      const [row] = await tx`update effects set state = 'dead', last_error = ${why}, updated_at = now()
                             where id = ${effectId} and state = 'pending' returning id`;
      if (row)
        await traceDelivery(tx, effect, 'dead', {
          summary: `${what(effect) === 'handoff' ? 'Handoff' : 'Contact update'} dead-lettered: ${why}`,
        });
    });
    handoffs.inc({ state: 'dead' });
    return 'dead';
  });
}

/**
 * The handoffs one walk wrote. Those of workspaces without a CRM endpoint are resolved and recorded
 * together in one transaction: a ledger-only handoff is then one row of a shared read and write
 * instead of four round trips of its own. The others go one by one through `deliverOne` (a webhook
 * each, with its own claim and retries).
 */
export async function deliverHandoffs(
  deps: HandoffDeps,
  effectIds: readonly string[],
  deliverOne: (effectId: string) => Promise<unknown>,
): Promise<void> {
  const toCrm: string[] = [];
  const recorded = await deps.sql.begin(async (tx) => {
    const ledger: Array<{ id: string; delivery: CrmRecord }> = [];
    for (const effect of await lockHandoffs(tx, effectIds)) {
      if (effect.state !== 'pending') continue;
      if (syncs(effect) && crmEndpointOf(parseChannelSettings(effect.channels))) {
        toCrm.push(String(effect.id));
        continue;
      }
      const delivery = {
        ...(effect.payload.delivery ?? (await resolveRecord(tx, effect))),
        channel: 'ledger',
      };
      ledger.push({ id: String(effect.id), delivery: delivery as CrmRecord });
    }
    if (ledger.length > 0)
      await tx`
        update effects f set state = 'sent', attempts = f.attempts + 1, sent_at = now(), updated_at = now(),
          last_error = null, payload = f.payload || jsonb_build_object('delivery', x.delivery)
        from jsonb_to_recordset(${tx.json(ledger as never)}) as x(id bigint, delivery jsonb)
        where f.id = x.id`;
    return ledger.length;
  });
  if (recorded > 0) handoffs.inc({ state: 'delivered-to-ledger' }, recorded);
  await Promise.all(toCrm.map(deliverOne));
}

/** Handoff rows with what the walk decided and the workspace's channel settings, locked in id order. */
function lockHandoffs(tx: TransactionSql, ids: readonly string[]) {
  return tx<CrmRow[]>`
    select f.id, f.workspace_id, f.idempotency_key, f.enrollment_id, f.workflow_id, f.version, f.node_id,
           f.contact_id, f.kind, f.state, f.attempts, f.last_error, f.claimed_by, f.payload,
           ${tx.unsafe(rendering('f'))} as prepared,
           w.settings -> 'channels' as channels
    from effects f
    join workspaces w on w.id = f.workspace_id
    where f.id = any(${ids as string[]}::bigint[]) and f.kind = any(${[...CRM_KINDS]}::text[])
    order by f.id
    for update of f`;
}
