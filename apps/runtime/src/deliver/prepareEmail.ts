import type { EmailEffect } from '@crossroads/nodes';
import addressparser from 'nodemailer/lib/addressparser';
import { composeEmail, renderTemplate, type SenderSettings } from '../channels/index.js';
import type { Sql } from '../db/connect.js';
import { type ChannelSettings, parseChannelSettings } from './channelSettings.js';
import type { TracedEffect } from './deliveryTrace.js';
import type { Mailer } from './mailer.js';
import { composeOptions, makeTrackingUrls, type TrackingUrls } from './tracking.js';

/** An email's ledger row as delivery reads it (deliverEmail's loadEffects). */
export interface EffectRow extends TracedEffect {
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

export interface PrepareDeps {
  sql: Sql;
  mailer: Mailer;
  publicUrl: string;
}

/** Headers as stored for GET /v1/messages: the message's own plus Message-ID and Reply-To. */
export function storedHeaders(message: ReturnType<typeof composeEmail>['message']): Record<string, unknown> {
  return {
    ...(message.headers as Record<string, unknown>),
    'Message-ID': message.messageId,
    ...(message.replyTo ? { 'Reply-To': message.replyTo } : {}),
  };
}

export type Prepared =
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
export async function prepare(deps: PrepareDeps, effect: EffectRow): Promise<Prepared> {
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
