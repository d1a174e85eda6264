import type { Registry } from '@crossroads/nodes';
import { trackingSecret } from '../access/instanceSecret.js';
import { verifyTrackingToken } from '../channels/tracking/index.js';
import type { Sql } from '../db/connect.js';
import { addSuppression, type Suppression } from '../deliver/suppressions.js';
import { findTrackedMessage } from '../deliver/tracking.js';
import { emitEngagementEvent } from './engagementEvents.js';

/** The workspace and contact an unsubscribe token names, or null when it is not genuine. */
export async function readUnsubscribeToken(
  sql: Sql,
  token: string,
): Promise<{ workspaceId: string; contactId: string; messageKey: string | null } | null> {
  const claims = verifyTrackingToken(await trackingSecret(sql), token);
  if (claims?.kind !== 'u') return null;
  const [workspace] = await sql`select 1 from workspaces where id = ${claims.workspaceId}`;
  return workspace ? claims : null;
}

/**
 * Unsubscribes the contact a token names: suppresses the contact and the address it has now
 * (reason `unsubscribed`) and, the first time only, records `email.unsubscribed` for the message
 * (when the message is still on record).
 * Idempotent. Returns null for a token that is not genuine.
 */
export async function unsubscribeByToken(
  sql: Sql,
  registry: Registry,
  token: string,
  source: 'one-click' | 'unsubscribe-page',
): Promise<{ suppression: Suppression; created: boolean } | null> {
  const claims = await readUnsubscribeToken(sql, token);
  if (!claims) return null;
  const { workspaceId, contactId, messageKey } = claims;
  const [contact] = await sql<{ email: unknown }[]>`
    select attributes -> 'email' as email from contacts where workspace_id = ${workspaceId} and id = ${contactId}`;
  const email = typeof contact?.email === 'string' && contact.email.includes('@') ? contact.email : null;
  const result = await addSuppression(sql, workspaceId, {
    contactId,
    email,
    reason: 'unsubscribed',
    source,
    messageKey,
  });
  // Only for a message still on record: after erasure the event would bring the contact back.
  const message =
    result.created && messageKey ? await findTrackedMessage(sql, workspaceId, messageKey) : null;
  if (message) await emitEngagementEvent(sql, registry, message, 'email.unsubscribed', { source });
  return result;
}
