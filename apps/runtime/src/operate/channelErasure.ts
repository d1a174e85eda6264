import type { Queryable } from '../db/connect.js';

/**
 * The channels' part of erasing a contact, for `eraseContact` to call in its transaction before the
 * ledger rows take the pseudonym: the contact's tracked messages and their link lists are deleted;
 * suppression entries stay (an erased person must still never be emailed again) but name the
 * pseudonym instead of the contact, keeping only the address, which is what the suppression needs.
 * A tracked message is keyed by its email's ledger id, and found through the ledger's index by
 * contact (migration 250 dropped tracked_messages' own: one index entry less per email).
 */
export async function eraseChannelData(
  tx: Queryable,
  workspaceId: string,
  contactId: string,
  pseudonym: string,
): Promise<{ trackedMessages: number; suppressions: number }> {
  const keys = tx`
    select id::text from effects where workspace_id = ${workspaceId} and contact_id = ${contactId} and kind = 'email'`;
  await tx`
    delete from message_links where workspace_id = ${workspaceId} and message_key in (${keys})`;
  const messages = await tx`
    delete from tracked_messages where workspace_id = ${workspaceId} and message_key in (${keys})`;
  const suppressions = await tx`
    update suppressions set contact_id = ${pseudonym}
    where workspace_id = ${workspaceId} and contact_id = ${contactId}`;
  return { trackedMessages: messages.count, suppressions: suppressions.count };
}
