import { type BackoffOptions, type DeliveryOutcome, deliver, nextRetryDelay } from '../channels/index.js';
import type { Sql } from '../db/connect.js';
import { untilDatabaseAnswers } from '../db/untilDatabaseAnswers.js';
import type { Logger } from '../logger.js';
import { counter } from '../metrics.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import { claimantAlive } from '../queue/liveness.js';
import { markBodyGoing } from './bodyGoing.js';
import { suppressHardBounce } from './bounces.js';
import { traceDelivery } from './deliveryTrace.js';
import { type Claim, claimEmails, type Ready } from './emailClaim.js';
import { fullPayload, rendering } from './ledgerParts.js';
import type { Mailer } from './mailer.js';
import { type EffectRow, prepare } from './prepareEmail.js';

/** Transient SMTP failures retried before the email counts as failed. */
export const MAX_EMAIL_ATTEMPTS = 8;

/** Backoff of transient SMTP failures (full jitter); tests shorten it. */
export const EMAIL_RETRY: Required<BackoffOptions> = { baseMs: 5_000, capMs: 30 * 60_000 };

const stranded = counter({
  name: 'crossroads_email_interrupted_total',
  help: 'Emails a delivery found claimed but no longer being sent: resent (the body never went out) or ambiguous',
  labelNames: ['outcome'],
});

const emails = counter({
  name: 'crossroads_email_outcomes_total',
  help: 'Email deliveries',
  labelNames: ['state'],
});

export interface DeliverDeps {
  sql: Sql;
  mailer: Mailer;
  logger: Logger;
  publicUrl: string;
  /** Backoff of transient SMTP failures; default EMAIL_RETRY. */
  emailRetry?: BackoffOptions;
  /** This worker pool's liveness lock id, recorded as `claimed_by` (null: not registered). */
  claimant: () => number | null;
}

/**
 * Emails this process is delivering now, with the work that settles each. A claim of this pool's
 * that is not in here was stranded. A job for an email in here waits for that work, then looks at
 * the row again: a retry queued by a delivery that has not returned yet must not be dropped.
 */
export const inFlight = new Map<string, Promise<unknown>>();

/** Waits until no delivery of `id` runs in this process, then runs `work` as the one that does. */
export async function exclusively<T>(
  running: Map<string, Promise<unknown>>,
  id: string,
  work: () => Promise<T>,
): Promise<T> {
  for (let other = running.get(id); other; other = running.get(id)) await other.catch(() => {});
  const mine = work();
  running.set(id, mine);
  try {
    return await mine;
  } finally {
    if (running.get(id) === mine) running.delete(id);
  }
}

/**
 * The `deliver-email` job, exactly-once from the ledger's point of view:
 * pending → (checkSend: suppression, then guardrails → skipped, or deferred: still pending and
 * requeued) → (claim: sending, attempts+1, message and tracking stored) → SMTP → sent | failed |
 * ambiguous, or back to pending with a delayed retry on a transient failure. A job that finds the
 * row `sending` was claimed by a delivery that is still running (in another live worker pool, or
 * here: it is left alone) or that was interrupted in the middle of SMTP (its pool died, or it is this
 * pool's and no longer running): the server may have the message, so it is marked ambiguous and never
 * resent automatically.
 */
export function deliverEmail(deps: DeliverDeps, effectId: string): Promise<string> {
  return exclusively(inFlight, effectId, () => deliverOnce(deps, effectId));
}

const FULL_PAYLOAD = fullPayload('f');
const RENDERING = rendering('f');

/**
 * Email ledger rows with what the walk decided for them (`prepared`) and the workspace's channel
 * settings, which must be fresh (sender, guardrails): one statement for many.
 */
export function loadEffects(sql: Sql, ids: readonly string[]) {
  return sql<EffectRow[]>`
    select f.id, f.workspace_id, f.idempotency_key, f.enrollment_id, f.workflow_id, f.version, f.node_id,
           f.contact_id, f.kind, f.state, f.attempts, ${sql.unsafe(FULL_PAYLOAD)} as payload,
           ${sql.unsafe(RENDERING)} as prepared,
           f.claimed_by, f.smtp_data_at, w.settings -> 'channels' as channels
    from effects f
    join workspaces w on w.id = f.workspace_id
    where f.id = any(${ids as string[]}::bigint[])`;
}

/**
 * What to do with a loaded row before any claim: go on (pending), or its end state for the caller.
 * A row found `sending` whose delivery is not running any more (its pool died, or it is this pool's
 * and not in flight here) is ambiguous only if its body had begun to go to the SMTP server
 * (`smtp_data_at`); one that never got that far goes back to `pending` and this delivery sends it.
 */
export async function triage(deps: DeliverDeps, effect: EffectRow | undefined): Promise<string | undefined> {
  if (effect?.kind !== 'email') return 'missing';
  if (effect.state === 'sending') {
    const ours = effect.claimedBy !== null && Number(effect.claimedBy) === deps.claimant();
    if (!ours && (await claimantAlive(deps.sql, effect.claimedBy))) return 'in-progress';
    if (effect.smtpDataAt === null) {
      const [row] = await deps.sql`
        update effects set state = 'pending', updated_at = now(),
          last_error = 'Interrupted before the message went to the SMTP server; sent again'
        where id = ${effect.id} and state = 'sending' and attempts = ${effect.attempts} and smtp_data_at is null
        returning id`;
      if (!row) return 'in-progress';
      stranded.inc({ outcome: 'resent' });
      effect.state = 'pending';
      return undefined;
    }
    const reason =
      'The delivery was interrupted while the SMTP server was receiving it; not resent automatically';
    await settle(deps.sql, effect, 'ambiguous', reason);
    stranded.inc({ outcome: 'ambiguous' });
    return 'ambiguous';
  }
  return effect.state === 'pending' ? undefined : effect.state;
}

async function deliverOnce(deps: DeliverDeps, effectId: string): Promise<string> {
  const { sql } = deps;
  const [effect] = await loadEffects(sql, [effectId]);
  const ended = await triage(deps, effect);
  if (ended !== undefined || !effect) return ended ?? 'missing';
  const prepared = await prepare(deps, effect);
  if (prepared.error !== undefined) {
    await settle(sql, effect, 'failed', prepared.error);
    return 'failed';
  }
  const ready = { effect, prepared };
  const [claim] = await sql.begin((tx) => claimEmails(tx, deps, [ready]));
  return send(deps, ready, claim!);
}

/**
 * SMTP for a claimed email, and its outcome in the ledger. `batchSent` (deliverEmails) collects
 * sent ids to record them together; without it the row is marked sent at once.
 */
export async function send(
  deps: DeliverDeps,
  { effect, prepared }: Ready,
  claim: Claim,
  batchSent?: (id: string) => void,
): Promise<string> {
  if ('taken' in claim) return 'taken';
  if ('skipped' in claim) {
    emails.inc({ state: 'skipped' });
    return 'skipped';
  }
  if ('deferred' in claim) return 'deferred';
  const effectId = String(effect.id);
  const outcome = await deliver(deps.mailer.transport, prepared.message, {
    logger: deps.logger,
    pool: deps.mailer.pool,
    // From here on the server may have the message: only then can a crash make it ambiguous.
    beforeBody: () => markBodyGoing(deps.sql, effectId, claim.attempts),
  });
  emails.inc({ state: outcome.status });
  if (outcome.status === 'sent' && batchSent) {
    batchSent(effectId);
    return 'sent';
  }
  // SMTP has answered: what it said must reach the ledger even if the database blinks now (a
  // restart), or a sent email would later be found `sending` and called ambiguous.
  return untilDatabaseAnswers(() => settleOutcome(deps, effect, prepared.to, claim.attempts, outcome));
}

async function settleOutcome(
  deps: DeliverDeps,
  effect: EffectRow,
  to: string,
  attempts: number,
  outcome: DeliveryOutcome,
): Promise<string> {
  const { sql } = deps;
  const effectId = String(effect.id);
  switch (outcome.status) {
    case 'sent':
      await sql`update effects set state = 'sent', sent_at = now(), updated_at = now(), last_error = null
                where id = ${effectId} and state = 'sending'`;
      return 'sent';
    case 'permanent':
      await settle(sql, effect, 'failed', outcome.reason);
      await suppressHardBounce(
        sql,
        effect.workspaceId,
        { contactId: effect.contactId, email: to, messageKey: effectId },
        outcome,
      );
      return 'failed';
    case 'ambiguous':
      await settle(sql, effect, 'ambiguous', outcome.reason);
      return 'ambiguous';
    case 'transient': {
      if (attempts >= MAX_EMAIL_ATTEMPTS) {
        await settle(sql, effect, 'failed', `Gave up after ${attempts} attempts: ${outcome.reason}`);
        return 'failed';
      }
      await sql.begin(async (tx) => {
        await tx`update effects set state = 'pending', last_error = ${outcome.reason}, updated_at = now()
                 where id = ${effectId} and state = 'sending'`;
        const delay = nextRetryDelay(attempts - 1, { ...EMAIL_RETRY, ...deps.emailRetry });
        await addJobs(tx, [
          { task: TASKS.deliverEmail, payload: { effectId }, runAt: new Date(Date.now() + delay) },
        ]);
      });
      return 'retrying';
    }
  }
}

/** Ends the row in failed/ambiguous (from pending or sending) and says so in the trace. */
export async function settle(sql: Sql, effect: EffectRow, state: 'failed' | 'ambiguous', error: string) {
  emails.inc({ state });
  await sql.begin(async (tx) => {
    const [row] = await tx`update effects set state = ${state}, last_error = ${error}, updated_at = now()
                           where id = ${effect.id} and state in ('pending', 'sending') returning id`;
    if (row) await traceDelivery(tx, effect, state, { summary: `Email ${state}: ${error}` });
  });
}
