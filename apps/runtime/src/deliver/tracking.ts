import { trackingSecret } from '../access/instanceSecret.js';
import { replyTokenFor, signTrackingToken, verifyTrackingToken } from '../channels/tracking/index.js';
import type { Queryable } from '../db/connect.js';

export interface TrackingUrls {
  workspaceId: string;
  contactId: string;
  messageKey: string;
  /** 1x1 gif for composeEmail's `trackingPixelUrl`. */
  openPixelUrl: string;
  /** For composeEmail's `rewriteLink`: the tracked URL of link `idx` (see rewriteLinks). */
  makeClickUrl(idx: number): string;
  /** Shown in the footer and in `List-Unsubscribe`; GET shows a confirm page. */
  unsubscribeUrl: string;
  /** RFC 8058 one-click target (the same URL, POSTed to by mailbox providers). */
  unsubscribePostUrl: string;
  /** The short token for a reply address `reply+<replyToken>@host`. */
  replyToken: string;
}

/**
 * Signed URLs for one message. `messageKey` names the send: use the ledger's effect id (as text),
 * so opens of a send can be matched to it (fatigue, stats). Call it while composing, then
 * `recordTrackedMessage` in the transaction that claims the send.
 *
 * @example
 * ```ts
 * const tracking = await makeTrackingUrls(sql, { workspaceId, contactId, messageKey: effectId, publicUrl });
 * const { message, trackedUrls } = composeEmail({ ..., unsubscribeUrl: tracking.unsubscribeUrl,
 *   trackingPixelUrl: tracking.openPixelUrl, rewriteLink: (_url, i) => tracking.makeClickUrl(i) });
 * await recordTrackedMessage(tx, tracking, { workflowId, nodeId, urls: trackedUrls });
 * ```
 */
export async function makeTrackingUrls(
  sql: Queryable,
  input: { workspaceId: string; contactId: string; messageKey: string; publicUrl: string },
): Promise<TrackingUrls> {
  const secret = await trackingSecret(sql);
  const { workspaceId, contactId, messageKey } = input;
  const base = input.publicUrl.replace(/\/$/, '');
  const unsubscribeUrl = `${base}/u/${signTrackingToken(secret, { kind: 'u', workspaceId, contactId, messageKey })}`;
  return {
    workspaceId,
    contactId,
    messageKey,
    openPixelUrl: `${base}/t/o/${signTrackingToken(secret, { kind: 'o', workspaceId, messageKey })}.gif`,
    makeClickUrl: (idx) =>
      `${base}/t/c/${signTrackingToken(secret, { kind: 'c', workspaceId, messageKey, idx })}`,
    unsubscribeUrl,
    unsubscribePostUrl: unsubscribeUrl,
    replyToken: replyTokenFor(secret, workspaceId, messageKey),
  };
}

/**
 * The composeEmail options that wire a message to its tracking: footer/List-Unsubscribe URL,
 * open pixel, and click rewriting (the footer's unsubscribe link is never rewritten).
 *
 * @example
 * ```ts
 * const { message, trackedUrls } = composeEmail({ sender, to, subject, html, text, reasonLine, messageId, ...composeOptions(tracking) });
 * ```
 */
export function composeOptions(tracking: TrackingUrls): {
  unsubscribeUrl: string;
  trackingPixelUrl: string;
  rewriteLink: (url: string, index: number) => string;
} {
  return {
    unsubscribeUrl: tracking.unsubscribeUrl,
    trackingPixelUrl: tracking.openPixelUrl,
    rewriteLink: (_url, index) => tracking.makeClickUrl(index),
  };
}

/**
 * Stores what tracking needs about a sent message: who it went to, from which node, its reply
 * token and the original URLs behind its tracked links (in `rewriteLinks` index order). Idempotent
 * (a retried claim writes nothing new). Call it in the delivery step's claim transaction.
 */
export async function recordTrackedMessage(
  sql: Queryable,
  tracking: Pick<TrackingUrls, 'workspaceId' | 'contactId' | 'messageKey' | 'replyToken'>,
  message: {
    workflowId?: string | null;
    version?: number | null;
    nodeId?: string | null;
    urls: readonly string[];
  },
): Promise<void> {
  const { workspaceId, messageKey } = tracking;
  // Issued together: postgres.js pipelines them, and the server runs them in this order.
  await Promise.all([
    sql`
      insert into tracked_messages (workspace_id, message_key, contact_id, workflow_id, version, node_id, reply_token)
      values (${workspaceId}, ${messageKey}, ${tracking.contactId}, ${message.workflowId ?? null},
              ${message.version ?? null}, ${message.nodeId ?? null}, ${tracking.replyToken})
      on conflict do nothing`,
    message.urls.length === 0
      ? undefined
      : sql`
          insert into message_links (workspace_id, message_key, idx, url)
          select ${workspaceId}, ${messageKey}, x.idx - 1, x.url
          from unnest(${message.urls as string[]}::text[]) with ordinality as x(url, idx)
          on conflict do nothing`,
  ]);
}

export interface TrackedMessage {
  workspaceId: string;
  messageKey: string;
  contactId: string;
  workflowId: string | null;
  nodeId: string | null;
}

export async function findTrackedMessage(
  sql: Queryable,
  workspaceId: string,
  messageKey: string,
): Promise<TrackedMessage | null> {
  const [row] = await sql<TrackedMessage[]>`
    select workspace_id, message_key, contact_id, workflow_id, node_id from tracked_messages
    where workspace_id = ${workspaceId} and message_key = ${messageKey}`;
  return row ?? null;
}

/** The message behind a `reply+<token>@` address (the token is looked up, not decoded). */
export async function findByReplyToken(sql: Queryable, replyToken: string): Promise<TrackedMessage | null> {
  const [row] = await sql<TrackedMessage[]>`
    select workspace_id, message_key, contact_id, workflow_id, node_id from tracked_messages
    where reply_token = ${replyToken}`;
  return row ?? null;
}

/** The message and the stored URL behind a click token, or null (forged, unknown link, other data). */
export async function resolveClick(
  sql: Queryable,
  token: string,
): Promise<{ message: TrackedMessage; url: string; idx: number } | null> {
  const claims = verifyTrackingToken(await trackingSecret(sql), token);
  if (claims?.kind !== 'c') return null;
  const [row] = await sql<{ url: string }[]>`
    select url from message_links
    where workspace_id = ${claims.workspaceId} and message_key = ${claims.messageKey} and idx = ${claims.idx}`;
  if (!row || !/^https?:\/\//i.test(row.url)) return null;
  const message = await findTrackedMessage(sql, claims.workspaceId, claims.messageKey);
  return message ? { message, url: row.url, idx: claims.idx } : null;
}

/** The message behind an open-pixel token, or null. */
export async function resolveOpen(sql: Queryable, token: string): Promise<TrackedMessage | null> {
  const claims = verifyTrackingToken(await trackingSecret(sql), token);
  if (claims?.kind !== 'o') return null;
  return findTrackedMessage(sql, claims.workspaceId, claims.messageKey);
}
