import type { Queryable } from '../db/connect.js';

/**
 * The channels' part of erasing a contact, for `eraseContact` to call in its transaction: the
 * contact's tracked messages and their link lists are deleted; suppression entries stay (an
 * erased person must still never be emailed again) but name the pseudonym instead of the contact,
 * keeping only the address, which is what the suppression needs.
 */
export async function eraseChannelData(
  tx: Queryable,
  workspaceId: string,
  contactId: string,
  pseudonym: string,
): Promise<{ trackedMessages: number; suppressions: number }> {
  await tx`
    delete from message_links l using tracked_messages m
    where m.workspace_id = ${workspaceId} and m.contact_id = ${contactId}
      and l.workspace_id = m.workspace_id and l.message_key = m.message_key`;
  const messages = await tx`
    delete from tracked_messages where workspace_id = ${workspaceId} and contact_id = ${contactId}`;
  const suppressions = await tx`
    update suppressions set contact_id = ${pseudonym}
    where workspace_id = ${workspaceId} and contact_id = ${contactId}`;
  return { trackedMessages: messages.count, suppressions: suppressions.count };
}
