import { createHash } from 'node:crypto';
import type { EmailEffect } from '@crossroads/nodes';
import addressparser from 'nodemailer/lib/addressparser';
import {
  composeEmail,
  deliver,
  nextRetryDelay,
  renderTemplate,
  type SenderSettings,
} from '../channels/index.js';
import type { Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';
import { counter } from '../metrics.js';
import { addJobs, TASKS } from './jobs.js';
import type { Mailer } from './mailer.js';

/** Transient SMTP failures retried before the email counts as failed. */
export const MAX_EMAIL_ATTEMPTS = 8;

const DEFAULT_SENDER: SenderSettings = {
  fromName: 'Crossroads',
  fromEmail: 'journeys@crossroads.local',
  postalAddress: 'Set your postal address in the workspace sender settings',
};

const emails = counter({
  name: 'crossroads_email_outcomes_total',
  help: 'Email deliveries',
  labelNames: ['state'],
});

interface EffectRow {
  id: string;
  workspaceId: string;
  idempotencyKey: string;
  enrollmentId: string;
  workflowId: string;
  version: number;
  nodeId: string;
  contactId: string;
  kind: string;
  state: string;
  attempts: number;
  payload: EmailEffect & { eventId?: string | null };
}

/** Stable per ledger row: a resend (never automatic) would carry the same Message-ID. */
export const messageIdFor = (effectId: string, host: string) => `<effect-${effectId}@${host}>`;

export interface DeliverDeps {
  sql: Sql;
  mailer: Mailer;
  logger: Logger;
  publicUrl: string;
}

/**
 * The `deliver-email` job, exactly-once from the ledger's point of view:
 * pending → (claim: sending, attempts+1, message stored) → SMTP → sent | failed | ambiguous, or
 * back to pending with a delayed retry on a transient failure. A job that finds the row still
 * `sending` is a retry after a crash in the middle of SMTP: the server may have the message, so
 * it is marked ambiguous and never resent automatically.
 */
export async function deliverEmail(deps: DeliverDeps, effectId: string): Promise<string> {
  const { sql } = deps;
  const [effect] = await sql<EffectRow[]>`select * from effects where id = ${effectId}`;
  if (!effect || effect.kind !== 'email') return 'missing';
  if (effect.state === 'sending') {
    await settle(
      sql,
      effectId,
      'ambiguous',
      'The delivery was interrupted during SMTP; not resent automatically',
    );
    return 'ambiguous';
  }
  if (effect.state !== 'pending') return effect.state;

  const prepared = await prepare(deps, effect);
  if (prepared.error !== undefined) {
    await settle(sql, effectId, 'failed', prepared.error);
    return 'failed';
  }
  const { message, rendered, to } = prepared;
  const messageId = message.messageId as string;
  const claimed = await sql.begin(async (tx) => {
    const [row] = await tx<{ attempts: number }[]>`
      update effects set state = 'sending', attempts = attempts + 1, updated_at = now()
      where id = ${effectId} and state = 'pending' returning attempts`;
    if (!row) return undefined;
    await tx`
      insert into messages (workspace_id, effect_id, workflow_id, node_id, contact_id, message_id, to_address,
                            from_address, subject, html, text, headers)
      values (${effect.workspaceId}, ${effectId}, ${effect.workflowId}, ${effect.nodeId}, ${effect.contactId},
              ${messageId}, ${to}, ${rendered.from}, ${rendered.subject}, ${rendered.html}, ${rendered.text},
              ${tx.json((message.headers ?? {}) as never)})
      on conflict (effect_id) do nothing`;
    return row.attempts;
  });
  if (claimed === undefined) return 'taken';

  const outcome = await deliver(deps.mailer.transport, message, { logger: deps.logger });
  emails.inc({ state: outcome.status });
  switch (outcome.status) {
    case 'sent':
      await sql`update effects set state = 'sent', sent_at = now(), updated_at = now(), last_error = null
                where id = ${effectId} and state = 'sending'`;
      return 'sent';
    case 'permanent':
      await settle(sql, effectId, 'failed', outcome.reason);
      return 'failed';
    case 'ambiguous':
      await settle(sql, effectId, 'ambiguous', outcome.reason);
      return 'ambiguous';
    case 'transient':
      if (claimed >= MAX_EMAIL_ATTEMPTS) {
        await settle(sql, effectId, 'failed', `Gave up after ${claimed} attempts: ${outcome.reason}`);
        return 'failed';
      }
      await sql.begin(async (tx) => {
        await tx`update effects set state = 'pending', last_error = ${outcome.reason}, updated_at = now()
                 where id = ${effectId} and state = 'sending'`;
        const delay = nextRetryDelay(claimed - 1, { baseMs: 5_000, capMs: 30 * 60_000 });
        await addJobs(tx, [
          { task: TASKS.deliverEmail, payload: { effectId }, runAt: new Date(Date.now() + delay) },
        ]);
      });
      return 'retrying';
  }
}

async function settle(sql: Sql, effectId: string, state: 'failed' | 'ambiguous', error: string) {
  emails.inc({ state });
  await sql`update effects set state = ${state}, last_error = ${error}, updated_at = now()
            where id = ${effectId} and state in ('pending', 'sending')`;
}

/** Renders the templates with fresh contact data and composes the message. */
async function prepare(deps: DeliverDeps, effect: EffectRow) {
  const { sql } = deps;
  const [[contactRow], [eventRow], [workspace]] = await Promise.all([
    sql<{ attributes: Record<string, unknown> }[]>`
      select attributes from contacts where workspace_id = ${effect.workspaceId} and id = ${effect.contactId}`,
    effect.payload.eventId
      ? sql<{ type: string; properties: unknown; occurredAt: Date }[]>`
          select type, properties, occurred_at from events
          where workspace_id = ${effect.workspaceId} and id = ${effect.payload.eventId}`
      : Promise.resolve([]),
    sql<{ settings: { sender?: Partial<SenderSettings> } }[]>`
      select settings from workspaces where id = ${effect.workspaceId}`,
  ]);
  const contact: Record<string, unknown> = { ...(contactRow?.attributes ?? {}), id: effect.contactId };
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
  for (const result of [subject, html, text]) {
    if (!result.ok) return { error: `Template ${result.error.field ?? ''}: ${result.error.message}` };
  }
  const sender: SenderSettings = { ...DEFAULT_SENDER, ...workspace?.settings?.sender };
  if (payload.from) {
    const [parsed] = addressparser(payload.from, { flatten: true });
    if (!parsed?.address) return { error: `The sender '${payload.from}' is not an email address` };
    Object.assign(sender, { fromEmail: parsed.address, fromName: parsed.name });
  }
  if (payload.replyTo) sender.replyTo = payload.replyTo;
  const host = new URL(deps.publicUrl).hostname || 'crossroads.local';
  const token = createHash('sha256')
    .update(`${effect.workspaceId}:${effect.idempotencyKey}`)
    .digest('base64url');
  const rendered = {
    subject: (subject as { output: string }).output,
    html: (html as { output: string }).output || null,
    text: (text as { output: string }).output,
    from: sender.fromName ? `${sender.fromName} <${sender.fromEmail}>` : sender.fromEmail,
  };
  const { message } = composeEmail({
    sender,
    to,
    subject: rendered.subject,
    html: rendered.html ?? '',
    text: rendered.text,
    reasonLine: payload.reason,
    unsubscribeUrl: `${deps.publicUrl}/u/${token}`,
    messageId: messageIdFor(effect.id, host),
    headers: { 'X-Crossroads-Node': effect.nodeId, 'X-Crossroads-Workflow': effect.workflowId },
  });
  return { message, rendered, to, error: undefined };
}
