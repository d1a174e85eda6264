import type { EmailEffect } from '@crossroads/nodes';
import addressparser from 'nodemailer/lib/addressparser';
import { composeEmail, type SenderSettings } from '../channels/index.js';
import type { Sql } from '../db/connect.js';
import { type ChannelSettings, parseChannelSettings } from './channelSettings.js';
import type { TracedEffect } from './deliveryTrace.js';
import type { Mailer } from './mailer.js';
import { renderAgain } from './renderAgain.js';
import type { PreparedEmail } from './renderEffect.js';
import { composeOptions, makeTrackingUrls, type TrackingUrls } from './tracking.js';

/** An email's ledger row as delivery reads it (deliverEmail's loadEffects). */
export interface EffectRow extends TracedEffect {
  kind: string;
  state: string;
  attempts: number;
  payload: EmailEffect & { eventId?: string | null };
  /** What the walk rendered (null: written before migration 080, or resent: rendered again here). */
  prepared: PreparedEmail | null;
  /** The workspace's channel settings now (`workspaces.settings -> 'channels'`): sender, guardrails. */
  channels: unknown;
  claimedBy: string | null;
  /** When the current attempt's body began going to the SMTP server (migration 100); null: never. */
  smtpDataAt: Date | null;
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

/**
 * What composing a message took besides its rendered fields (effects.prepared) and its ledger row:
 * stored as `messages.composed` (migration 210) so the message can be composed again, byte for byte.
 */
export interface ComposedRecord {
  v: 1;
  sender: SenderSettings;
  publicUrl: string;
}

/** An email's ledger row as composing reads it. */
export type ComposedEffect = Pick<EffectRow, 'id' | 'workflowId' | 'nodeId'> & {
  payload: Pick<EffectRow['payload'], 'reason'>;
};

/**
 * The message SMTP gets, from the rendered fields, what the record says and the row's tracking
 * URLs: what delivery sends and what the message view shows (storedMessage.ts) are one function.
 */
export function composeStored(
  effect: ComposedEffect,
  rendered: { to: string; subject: string; html: string; text: string },
  record: ComposedRecord,
  tracking: TrackingUrls,
) {
  const host = new URL(record.publicUrl).hostname || 'crossroads.local';
  return composeEmail({
    sender: record.sender,
    to: rendered.to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    reasonLine: effect.payload.reason,
    messageId: messageIdFor(String(effect.id), host),
    headers: { 'X-Crossroads-Node': effect.nodeId, 'X-Crossroads-Workflow': effect.workflowId },
    ...composeOptions(tracking),
  });
}

export type Prepared =
  | { error: string }
  | {
      error: undefined;
      message: ReturnType<typeof composeEmail>['message'];
      /** How to compose it again; null when the row carries no rendering (stored in full then). */
      composed: ComposedRecord | null;
      trackedUrls: string[];
      tracking: TrackingUrls;
      to: string;
      from: string;
      journeyCap: { maxSends: number; window: string } | undefined;
      contactTimezone: unknown;
      guardrails: ChannelSettings['guardrails'];
    };

/**
 * Composes the tracked, compliant message from what the walk rendered (renderEffect.ts): sender
 * from the workspace's settings now (or the node's own), tracking links and pixel keyed by the row,
 * footer. Nothing of the contact, the event or the graph is read again.
 */
export async function prepare(deps: PrepareDeps, effect: EffectRow): Promise<Prepared> {
  const { sql } = deps;
  const rendered = (effect.prepared ?? (await renderAgain(sql, effect))) as PreparedEmail;
  if ('error' in rendered) return { error: rendered.error };
  const settings = parseChannelSettings(effect.channels);
  const { payload } = effect;
  const { to } = rendered;
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
  const record: ComposedRecord = { v: 1, sender, publicUrl: deps.publicUrl };
  const { message, trackedUrls } = composeStored(effect, rendered, record, tracking);
  return {
    error: undefined,
    message,
    composed: effect.prepared === null ? null : record,
    trackedUrls,
    tracking,
    to,
    from: sender.fromName ? `${sender.fromName} <${sender.fromEmail}>` : sender.fromEmail,
    journeyCap: rendered.frequencyCap ?? undefined,
    guardrails: settings.guardrails,
    contactTimezone: rendered.timezone,
  };
}
