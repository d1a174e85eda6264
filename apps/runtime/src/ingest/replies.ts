import { createHash } from 'node:crypto';
import type { Registry } from '@crossroads/nodes';
import type { CaughtMessage } from '../channels/index.js';
import type { Sql } from '../db/connect.js';
import { effectOfMessageId } from '../deliver/ledgerParts.js';
import { findByReplyToken, findTrackedMessage, type TrackedMessage } from '../deliver/tracking.js';
import { emitEngagementEvent } from './engagementEvents.js';

/** Reply text kept in the event (gates may read it; the full message stays with the mail system). */
export const MAX_REPLY_TEXT = 4000;

export interface ReplyInput {
  /** Scopes the lookup: a message of another workspace is treated as unknown. */
  workspaceId?: string;
  /** One of: the message key, the token of a `reply+<token>@` address, or the In-Reply-To header. */
  messageKey?: string;
  token?: string;
  inReplyTo?: string;
  from: string;
  text: string;
}

/** The tracked message a reply refers to. In-Reply-To names the stable Message-ID of the send. */
async function messageOfReply(sql: Sql, input: ReplyInput): Promise<TrackedMessage | null> {
  let message: TrackedMessage | null = null;
  if (input.messageKey !== undefined && input.workspaceId) {
    message = await findTrackedMessage(sql, input.workspaceId, input.messageKey);
  } else if (input.token !== undefined) {
    message = await findByReplyToken(sql, input.token);
  } else if (input.inReplyTo !== undefined) {
    const messageId = `<${input.inReplyTo.trim().replace(/^<|>$/g, '')}>`;
    const effectId = effectOfMessageId(messageId);
    const [sent] = effectId
      ? await sql<{ workspaceId: string; effectId: string }[]>`
          select workspace_id, effect_id from messages where effect_id = ${effectId} and message_id = ${messageId}
          ${input.workspaceId ? sql`and workspace_id = ${input.workspaceId}` : sql``}`
      : [];
    if (sent) message = await findTrackedMessage(sql, sent.workspaceId, String(sent.effectId));
  }
  if (message && input.workspaceId && message.workspaceId !== input.workspaceId) return null;
  return message;
}

/** Records `email.replied` for a tracked message; null when the message is unknown. */
export async function recordReply(
  sql: Sql,
  registry: Registry,
  input: ReplyInput,
): Promise<{ message: TrackedMessage; duplicate: boolean } | null> {
  const message = await messageOfReply(sql, input);
  if (!message) return null;
  const text = input.text.slice(0, MAX_REPLY_TEXT);
  const discriminator = createHash('sha256').update(`${input.from}\n${input.text}`).digest('base64url');
  const result = await emitEngagementEvent(
    sql,
    registry,
    message,
    'email.replied',
    { from: input.from, text },
    { discriminator },
  );
  return { message, duplicate: result.accepted === 0 };
}

/**
 * For the local SMTP catcher's `onMessage`: a message sent to `reply+<token>@...` becomes
 * `email.replied`. Returns false when it is not a reply to a tracked message.
 */
export async function recordCaughtReply(
  sql: Sql,
  registry: Registry,
  caught: CaughtMessage,
): Promise<boolean> {
  if (!caught.replyToken) return false;
  const recorded = await recordReply(sql, registry, {
    token: caught.replyToken,
    from: caught.from,
    text: caught.text ?? '',
  });
  return recorded !== null;
}
