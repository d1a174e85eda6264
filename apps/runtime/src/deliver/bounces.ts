import { type DeliveryOutcome, isHardBounce } from '../channels/index.js';
import type { Queryable } from '../db/connect.js';
import { addSuppression } from './suppressions.js';

/**
 * After a failed delivery: when the server said the address itself is bad (a hard bounce, see
 * isHardBounce), suppresses the address and contact with reason `bounced`, so no journey retries
 * it. Call it where the delivery step settles a `permanent` outcome. True when it suppressed.
 *
 * @example
 * ```ts
 * if (outcome.status === 'permanent') await suppressHardBounce(tx, workspaceId, { contactId, email: to, messageKey: effectId }, outcome);
 * ```
 */
export async function suppressHardBounce(
  sql: Queryable,
  workspaceId: string,
  who: { contactId: string; email: string; messageKey?: string },
  outcome: DeliveryOutcome,
): Promise<boolean> {
  if (!isHardBounce(outcome)) return false;
  const code = 'responseCode' in outcome ? outcome.responseCode : undefined;
  await addSuppression(sql, workspaceId, {
    contactId: who.contactId,
    email: who.email,
    reason: 'bounced',
    source:
      `smtp ${code ?? ''}: ${outcome.status === 'permanent' ? outcome.reason.slice(0, 200) : ''}`.trim(),
    messageKey: who.messageKey ?? null,
  });
  return true;
}
