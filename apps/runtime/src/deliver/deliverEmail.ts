import type { Semaphore } from 'async-mutex';
import { type BackoffOptions, type DeliveryOutcome, deliver, nextRetryDelay } from '../channels/index.js';
import type { Sql, TransactionSql } from '../db/connect.js';
import { untilDatabaseAnswers } from '../db/untilDatabaseAnswers.js';
import type { Logger } from '../logger.js';
import { counter } from '../metrics.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import { claimantAlive } from '../queue/liveness.js';
import { suppressHardBounce } from './bounces.js';
import { checkSend } from './checkSend.js';
import { traceDelivery } from './deliveryTrace.js';
import type { Mailer } from './mailer.js';
import { type EffectRow, type Prepared, prepare, storedHeaders } from './prepareEmail.js';
import { recordTrackedMessage } from './tracking.js';

/** Transient SMTP failures retried before the email counts as failed. */
export const MAX_EMAIL_ATTEMPTS = 8;

/** Advisory lock class for per-contact send checks (7270 is the worker liveness lock class). */
const SEND_LOCK = 7271;

/** Backoff of transient SMTP failures (full jitter); tests shorten it. */
export const EMAIL_RETRY: Required<BackoffOptions> = { baseMs: 5_000, capMs: 30 * 60_000 };

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
const inFlight = new Map<string, Promise<unknown>>();

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

/**
 * Email ledger rows with what the walk decided for them (`prepared`) and the workspace's channel
 * settings, which must be fresh (sender, guardrails): one statement for many.
 */
function loadEffects(sql: Sql, ids: readonly string[]) {
  return sql<EffectRow[]>`
    select f.id, f.workspace_id, f.idempotency_key, f.enrollment_id, f.workflow_id, f.version, f.node_id,
           f.contact_id, f.kind, f.state, f.attempts, f.payload, f.prepared, f.claimed_by,
           w.settings -> 'channels' as channels
    from effects f
    join workspaces w on w.id = f.workspace_id
    where f.id = any(${ids as string[]}::bigint[])`;
}

/** What to do with a loaded row before any claim: go on (pending), or its end state for the caller. */
async function triage(deps: DeliverDeps, effect: EffectRow | undefined): Promise<string | undefined> {
  if (effect?.kind !== 'email') return 'missing';
  if (effect.state === 'sending') {
    const ours = effect.claimedBy !== null && Number(effect.claimedBy) === deps.claimant();
    if (!ours && (await claimantAlive(deps.sql, effect.claimedBy))) return 'in-progress';
    const reason = 'The delivery was interrupted during SMTP; not resent automatically';
    await settle(deps.sql, effect, 'ambiguous', reason);
    return 'ambiguous';
  }
  return effect.state === 'pending' ? undefined : effect.state;
}

type Ready = { effect: EffectRow; prepared: Exclude<Prepared, { error: string }> };
type Claim = { taken: true } | { skipped: true } | { deferred: string } | { attempts: number };

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
  const claim = await sql.begin(async (tx) => decide(tx, deps, ready, await checkClaim(tx, ready)));
  return send(deps, ready, claim);
}

/**
 * The emails one walk wrote, EMAIL_CLAIM_CHUNK at a time: in a chunk's transaction the locks, row
 * locks and send checks of all its emails go out in one round trip and their claims in another
 * (postgres.js pipelines what is issued together; the server runs it in order, so each email's reads
 * follow its own lock), then SMTP for each at once, then one update for those sent. A chunk is
 * claimed only when `slots` has room for all its emails, so claimed emails never queue for SMTP. Emails of a contact
 * already in the batch are delivered one by one afterwards: their checks must see the earlier claim.
 * Each email ends exactly as deliverEmail would end it.
 */
export async function deliverEmails(
  deps: DeliverDeps,
  effectIds: readonly string[],
  /** SMTP slots of this process, shared by every walk's emails; a chunk takes one per email. */
  slots: Semaphore,
): Promise<void> {
  // Emails another delivery here is working on are left to it; each of ours is released as soon
  // as it is settled, so a retry job queued meanwhile runs it again instead of waiting for the batch.
  const ids = [...new Set(effectIds)].filter((id) => !inFlight.has(id));
  if (ids.length === 0) return;
  const release = new Map<string, () => void>();
  for (const id of ids) inFlight.set(id, new Promise<void>((resolve) => release.set(id, resolve)));
  const settled = (id: string) => {
    release.get(id)?.();
    release.delete(id);
    inFlight.delete(id);
  };
  const later: string[] = [];
  try {
    const { sql } = deps;
    const ready: Ready[] = [];
    const contacts = new Set<string>();
    for (const effect of await loadEffects(sql, ids)) {
      if ((await triage(deps, effect)) !== undefined) continue;
      const contact = lockKey(effect);
      if (contacts.has(contact)) {
        later.push(String(effect.id));
        continue;
      }
      contacts.add(contact);
      const prepared = await prepare(deps, effect);
      if (prepared.error !== undefined) await settle(sql, effect, 'failed', prepared.error);
      else ready.push({ effect, prepared });
    }
    // Advisory locks in one order everywhere, so two batches never wait on each other in a cycle.
    ready.sort((a, b) => lockKey(a.effect).localeCompare(lockKey(b.effect)));
    // Claimed emails wait for nothing but their SMTP turn: a chunk is claimed only once it may send,
    // so a crash leaves no more emails `sending` (ambiguous) than deliveries run at once.
    const chunks: Ready[][] = [];
    for (let i = 0; i < ready.length; i += EMAIL_CLAIM_CHUNK)
      chunks.push(ready.slice(i, i + EMAIL_CLAIM_CHUNK));
    await Promise.all(
      chunks.map((chunk) => slots.runExclusive(() => claimAndSend(deps, chunk, settled), chunk.length)),
    );
  } finally {
    for (const id of [...release.keys()]) settled(id);
  }
  for (const id of later) await deliverEmail(deps, id);
}

const lockKey = (effect: EffectRow) => `${effect.workspaceId}:${effect.contactId}`;

/** Emails claimed and sent together by deliverEmails (one transaction, then SMTP for each at once). */
export const EMAIL_CLAIM_CHUNK = 5;

async function claimAndSend(deps: DeliverDeps, chunk: Ready[], settled: (id: string) => void): Promise<void> {
  const { sql } = deps;
  const claims = await sql.begin(async (tx) => {
    const checks = await Promise.all(chunk.map((item) => checkClaim(tx, item)));
    return Promise.all(chunk.map((item, i) => decide(tx, deps, item, checks[i]!)));
  });
  const sent: string[] = [];
  await Promise.all(
    chunk.map(async (item, i) => {
      const id = String(item.effect.id);
      try {
        await send(deps, item, claims[i]!, (sentId) => sent.push(sentId));
      } finally {
        if (!sent.includes(id)) settled(id);
      }
    }),
  );
  if (sent.length > 0)
    await untilDatabaseAnswers(
      () => sql`update effects set state = 'sent', sent_at = now(), updated_at = now(), last_error = null
                where id = any(${sent}::bigint[]) and state = 'sending'`,
    );
  for (const id of sent) settled(id);
}

/**
 * One contact's sends are checked and claimed one at a time (an advisory lock per contact), so two
 * emails queued together cannot both pass a frequency cap of one. The lock, the row lock and the
 * send check's reads are issued together; the server runs them in that order, so the reads see the
 * state under the lock. postgres.js sends a query when it is awaited, so the first two are started
 * with execute() before checkSend sends its reads.
 */
function checkClaim(tx: TransactionSql, { effect, prepared }: Ready) {
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
async function decide(
  tx: TransactionSql,
  deps: DeliverDeps,
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
        updated_at = now()
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

/**
 * SMTP for a claimed email, and its outcome in the ledger. `batchSent` (deliverEmails) collects
 * sent ids to record them together; without it the row is marked sent at once.
 */
async function send(
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
  const outcome = await deliver(deps.mailer.transport, prepared.message, {
    logger: deps.logger,
    pool: deps.mailer.pool,
  });
  emails.inc({ state: outcome.status });
  if (outcome.status === 'sent' && batchSent) {
    batchSent(String(effect.id));
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
async function settle(sql: Sql, effect: EffectRow, state: 'failed' | 'ambiguous', error: string) {
  emails.inc({ state });
  await sql.begin(async (tx) => {
    const [row] = await tx`update effects set state = ${state}, last_error = ${error}, updated_at = now()
                           where id = ${effect.id} and state in ('pending', 'sending') returning id`;
    if (row) await traceDelivery(tx, effect, state, { summary: `Email ${state}: ${error}` });
  });
}
