import type { Queryable } from '../db/connect.js';

export const SUPPRESSION_REASONS = ['unsubscribed', 'bounced', 'complained', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export interface Suppression {
  id: string;
  contactId: string | null;
  email: string | null;
  reason: SuppressionReason;
  source: string;
  messageKey: string | null;
  at: Date;
}

export const normalizeEmail = (email: string | null | undefined) => email?.trim().toLowerCase() || null;

/**
 * Whether a workspace must not email this contact or address, and why. Call it inside the
 * delivery step's own transaction, right before claiming the send: a suppression committed before
 * that point is always seen, and the reason goes into the trace. Transactional email is not exempt.
 *
 * @example
 * ```ts
 * const check = await isSuppressed(tx, workspaceId, { contactId: 'c-1', email: 'ann@example.com' });
 * if (check.suppressed) skip(`Suppressed: ${check.reason}`);
 * ```
 */
export async function isSuppressed(
  sql: Queryable,
  workspaceId: string,
  who: { contactId?: string | null; email?: string | null },
): Promise<{ suppressed: false } | { suppressed: true; reason: SuppressionReason; id: string; at: Date }> {
  const contactId = who.contactId ?? null;
  const email = normalizeEmail(who.email);
  if (contactId === null && email === null) return { suppressed: false };
  const [row] = await sql<{ id: string; reason: SuppressionReason; at: Date }[]>`
    select id, reason, at from suppressions
    where workspace_id = ${workspaceId}
      and (contact_id = ${contactId} or email = ${email})
    order by at limit 1`;
  return row ? { suppressed: true, ...row } : { suppressed: false };
}

export interface AddSuppression {
  contactId?: string | null;
  email?: string | null;
  reason: SuppressionReason;
  source: string;
  messageKey?: string | null;
}

/**
 * Suppresses a contact and/or address. Idempotent: when either is already suppressed the existing
 * entry is returned (`created: false`) and nothing changes, so a second unsubscribe is a no-op.
 */
export async function addSuppression(
  sql: Queryable,
  workspaceId: string,
  entry: AddSuppression,
): Promise<{ suppression: Suppression; created: boolean }> {
  const contactId = entry.contactId ?? null;
  const email = normalizeEmail(entry.email);
  if (contactId === null && email === null) throw new Error('addSuppression needs a contactId or an email');
  const [inserted] = await sql<Suppression[]>`
    insert into suppressions (workspace_id, contact_id, email, reason, source, message_key)
    values (${workspaceId}, ${contactId}, ${email}, ${entry.reason}, ${entry.source}, ${entry.messageKey ?? null})
    on conflict do nothing
    returning id, contact_id, email, reason, source, message_key, at`;
  if (inserted) return { suppression: inserted, created: true };
  const [existing] = await sql<Suppression[]>`
    select id, contact_id, email, reason, source, message_key, at from suppressions
    where workspace_id = ${workspaceId} and (contact_id = ${contactId} or email = ${email})
    order by at limit 1`;
  return { suppression: existing as Suppression, created: false };
}

/** Newest first, keyset-paged by `before` (an entry id from the previous page). */
export async function listSuppressions(
  sql: Queryable,
  workspaceId: string,
  filter: { contactId?: string; email?: string; limit: number; before?: string },
): Promise<Suppression[]> {
  const email = normalizeEmail(filter.email);
  return sql<Suppression[]>`
    select id, contact_id, email, reason, source, message_key, at from suppressions s
    where workspace_id = ${workspaceId}
      ${filter.contactId ? sql`and contact_id = ${filter.contactId}` : sql``}
      ${email ? sql`and email = ${email}` : sql``}
      ${
        filter.before
          ? sql`and (at, id) < (select at, id from suppressions
                               where workspace_id = ${workspaceId} and id = ${filter.before})`
          : sql``
      }
    order by at desc, id desc
    limit ${filter.limit}`;
}

/** Removes one entry of this workspace; false when there is none with that id. */
export async function removeSuppression(
  sql: Queryable,
  workspaceId: string,
  id: string,
): Promise<Suppression | null> {
  const [row] = await sql<Suppression[]>`
    delete from suppressions where workspace_id = ${workspaceId} and id = ${id}
    returning id, contact_id, email, reason, source, message_key, at`;
  return row ?? null;
}
