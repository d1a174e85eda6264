import type { EmailEffect } from '@crossroads/nodes';
import addressparser from 'nodemailer/lib/addressparser';
import {
  type BackoffOptions,
  composeEmail,
  type DeliveryOutcome,
  deliver,
  nextRetryDelay,
  renderTemplate,
  type SenderSettings,
} from '../channels/index.js';
import type { Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';
import { counter } from '../metrics.js';
import {
  type ChannelSettings,
  checkSend,
  composeOptions,
  makeTrackingUrls,
  parseChannelSettings,
  recordTrackedMessage,
  suppressHardBounce,
  type TrackingUrls,
} from '../services/channels/index.js';
import { type TracedEffect, traceDelivery } from './deliveryTrace.js';
import { addJobs, TASKS } from './jobs.js';
import { claimantAlive } from './liveness.js';
import type { Mailer } from './mailer.js';
import { untilDatabaseAnswers } from './untilDatabaseAnswers.js';

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

interface EffectRow extends TracedEffect {
  kind: string;
  state: string;
  attempts: number;
  payload: EmailEffect & { eventId?: string | null };
  /** Read with the row (one statement): the contact now, the enrolling event, the journey's cap. */
  contactAttributes: Record<string, unknown> | null;
  eventType: string | null;
  eventProperties: unknown;
  eventOccurredAt: Date | null;
  journeyCap: { maxSends: number; window: string } | null;
  /** The workspace's stored channel settings (`workspaces.settings -> 'channels'`). */
  channels: unknown;
  claimedBy: string | null;
}

/** Stable per ledger row: a resend (never automatic) would carry the same Message-ID. */
export const messageIdFor = (effectId: string, host: string) => `<effect-${effectId}@${host}>`;

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

/** Emails this process is delivering now: a claim of this pool's that is not in here was stranded. */
const inFlight = new Set<string>();

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
export async function deliverEmail(deps: DeliverDeps, effectId: string): Promise<string> {
  if (inFlight.has(effectId)) return 'in-progress';
  inFlight.add(effectId);
  try {
    return await deliverOnce(deps, effectId);
  } finally {
    inFlight.delete(effectId);
  }
}

async function deliverOnce(deps: DeliverDeps, effectId: string): Promise<string> {
  const { sql } = deps;
  const [effect] = await sql<EffectRow[]>`
    select f.id, f.workspace_id, f.idempotency_key, f.enrollment_id, f.workflow_id, f.version, f.node_id,
           f.contact_id, f.kind, f.state, f.attempts, f.payload, f.claimed_by, c.attributes as contact_attributes,
           ev.type as event_type, ev.properties as event_properties, ev.occurred_at as event_occurred_at,
           v.graph -> 'settings' -> 'frequencyCap' as journey_cap, w.settings -> 'channels' as channels
    from effects f
    join workspaces w on w.id = f.workspace_id
    left join contacts c on c.workspace_id = f.workspace_id and c.id = f.contact_id
    left join events ev on ev.workspace_id = f.workspace_id and ev.id = f.payload ->> 'eventId'
    left join workflow_versions v on v.workflow_id = f.workflow_id and v.version = f.version
    where f.id = ${effectId}`;
  if (effect?.kind !== 'email') return 'missing';
  if (effect.state === 'sending') {
    const ours = effect.claimedBy !== null && Number(effect.claimedBy) === deps.claimant();
    if (!ours && (await claimantAlive(sql, effect.claimedBy))) return 'in-progress';
    const reason = 'The delivery was interrupted during SMTP; not resent automatically';
    await settle(sql, effect, 'ambiguous', reason);
    return 'ambiguous';
  }
  if (effect.state !== 'pending') return effect.state;

  const prepared = await prepare(deps, effect);
  if (prepared.error !== undefined) {
    await settle(sql, effect, 'failed', prepared.error);
    return 'failed';
  }
  const { message, to, tracking, trackedUrls } = prepared;
  const messageId = message.messageId as string;
  const claimed = await sql.begin(async (tx) => {
    // One contact's sends are checked and claimed one at a time, so two emails queued together
    // cannot both pass a frequency cap of one. The lock, the row lock and the send check's reads go
    // out together (one round trip) and the server runs them in the order sent, so the reads see the
    // state under the lock. postgres.js sends a query when it is awaited, so the first two are
    // started with execute() before checkSend sends its reads.
    const lock =
      tx`select pg_advisory_xact_lock(${SEND_LOCK}, hashtext(${`${effect.workspaceId}:${effect.contactId}`}))`.execute();
    const rowLock = tx<
      { state: string }[]
    >`select state from effects where id = ${effectId} for update`.execute();
    const [, [locked], check] = await Promise.all([
      lock,
      rowLock,
      checkSend(tx, {
        workspaceId: effect.workspaceId,
        contactId: effect.contactId,
        email: to,
        category: effect.payload.category ?? 'marketing',
        journeyCap: prepared.journeyCap,
        contactTimezone: prepared.contactTimezone,
        now: new Date(),
        policy: prepared.guardrails,
      }),
    ]);
    if (locked?.state !== 'pending') return { taken: true } as const;
    if (check.action === 'skip') {
      await tx`update effects set state = 'skipped', last_error = ${check.reason.summary}, updated_at = now()
               where id = ${effectId}`;
      await traceDelivery(tx, effect, 'skipped', check.reason, { code: check.reason.code });
      return { skipped: true } as const;
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
      return { deferred: until } as const;
    }
    // The claim, the stored message (the one SMTP gets: composed, with footer, pixel and tracked
    // links) and its tracking, pipelined. The row is locked and pending, so the claim takes it.
    const [[row]] = await Promise.all([
      tx<{ attempts: number }[]>`
        update effects set state = 'sending', attempts = attempts + 1, claimed_by = ${deps.claimant()},
          updated_at = now()
        where id = ${effectId} and state = 'pending' returning attempts`,
      tx`
        insert into messages (workspace_id, effect_id, workflow_id, node_id, contact_id, message_id, to_address,
                              from_address, subject, html, text, headers)
        values (${effect.workspaceId}, ${effectId}, ${effect.workflowId}, ${effect.nodeId}, ${effect.contactId},
                ${messageId}, ${to}, ${prepared.from}, ${String(message.subject ?? '')},
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
    return { attempts: row.attempts } as const;
  });
  if ('taken' in claimed) return 'taken';
  if ('skipped' in claimed) {
    emails.inc({ state: 'skipped' });
    return 'skipped';
  }
  if ('deferred' in claimed) return 'deferred';

  const outcome = await deliver(deps.mailer.transport, message, {
    logger: deps.logger,
    pool: deps.mailer.pool,
  });
  emails.inc({ state: outcome.status });
  // SMTP has answered: what it said must reach the ledger even if the database blinks now (a
  // restart), or a sent email would later be found `sending` and called ambiguous.
  return untilDatabaseAnswers(() => settleOutcome(deps, effect, to, claimed.attempts, outcome));
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

/** Headers as stored for GET /v1/messages: the message's own plus Message-ID and Reply-To. */
function storedHeaders(message: ReturnType<typeof composeEmail>['message']): Record<string, unknown> {
  return {
    ...(message.headers as Record<string, unknown>),
    'Message-ID': message.messageId,
    ...(message.replyTo ? { 'Reply-To': message.replyTo } : {}),
  };
}

type Prepared =
  | { error: string }
  | {
      error: undefined;
      message: ReturnType<typeof composeEmail>['message'];
      trackedUrls: string[];
      tracking: TrackingUrls;
      to: string;
      from: string;
      journeyCap: { maxSends: number; window: string } | undefined;
      contactTimezone: unknown;
      guardrails: ChannelSettings['guardrails'];
    };

/** Renders the templates with fresh contact data and composes the tracked, compliant message. */
async function prepare(deps: DeliverDeps, effect: EffectRow): Promise<Prepared> {
  const { sql } = deps;
  const settings = parseChannelSettings(effect.channels);
  const eventRow = effect.eventType
    ? { type: effect.eventType, properties: effect.eventProperties, occurredAt: effect.eventOccurredAt }
    : undefined;
  const contact: Record<string, unknown> = { ...(effect.contactAttributes ?? {}), id: effect.contactId };
  const to = typeof contact.email === 'string' ? contact.email : undefined;
  if (!to) return { error: `Contact ${effect.contactId} has no email attribute` };
  const vars = {
    contact,
    event: eventRow
      ? { type: eventRow.type, properties: eventRow.properties, timestamp: eventRow.occurredAt }
      : null,
    journey: { workflowId: effect.workflowId, version: effect.version, enrollmentId: effect.enrollmentId },
  };
  const { payload } = effect;
  const [subject, html, text] = await Promise.all([
    renderTemplate(payload.subject, vars, { field: 'subject' }),
    renderTemplate(payload.html ?? '', vars, { field: 'html', escape: 'html' }),
    renderTemplate(payload.text ?? '', vars, { field: 'text' }),
  ]);
  if (!subject.ok) return { error: `Template subject: ${subject.error.message}` };
  if (!html.ok) return { error: `Template html: ${html.error.message}` };
  if (!text.ok) return { error: `Template text: ${text.error.message}` };
  const sender: SenderSettings = { ...settings.sender };
  if (payload.from) {
    const [parsed] = addressparser(payload.from, { flatten: true });
    if (!parsed?.address) return { error: `The sender '${payload.from}' is not an email address` };
    Object.assign(sender, { fromEmail: parsed.address, fromName: parsed.name });
  }
  if (payload.replyTo) sender.replyTo = payload.replyTo;
  const tracking = await makeTrackingUrls(sql, {
    workspaceId: effect.workspaceId,
    contactId: effect.contactId,
    messageKey: String(effect.id),
    publicUrl: deps.publicUrl,
  });
  // With the local catcher, replies go back into it and become email.replied.
  if (deps.mailer.replyDomain) sender.replyTo = `reply+${tracking.replyToken}@${deps.mailer.replyDomain}`;
  const host = new URL(deps.publicUrl).hostname || 'crossroads.local';
  const { message, trackedUrls } = composeEmail({
    sender,
    to,
    subject: subject.output,
    html: html.output,
    text: text.output,
    reasonLine: payload.reason,
    messageId: messageIdFor(String(effect.id), host),
    headers: { 'X-Crossroads-Node': effect.nodeId, 'X-Crossroads-Workflow': effect.workflowId },
    ...composeOptions(tracking),
  });
  return {
    error: undefined,
    message,
    trackedUrls,
    tracking,
    to,
    from: sender.fromName ? `${sender.fromName} <${sender.fromEmail}>` : sender.fromEmail,
    journeyCap: effect.journeyCap ?? undefined,
    guardrails: settings.guardrails,
    contactTimezone: contact.timezone,
  };
}
