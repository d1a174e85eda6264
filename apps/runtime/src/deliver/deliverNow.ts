import { Semaphore } from 'async-mutex';
import pLimit from 'p-limit';
import { untilDatabaseAnswers } from '../db/untilDatabaseAnswers.js';
import type { Logger } from '../logger.js';
import type { DeliverDeps } from './deliverEmail.js';
import { deliverEmails, EMAIL_CLAIM_CHUNK } from './deliverEmails.js';
import { deliverHandoff, deliverHandoffs, type HandoffDeps } from './deliverHandoff.js';

/** A ledger row a walk has just committed, with the kind that says how it is delivered. */
export interface WrittenEffect {
  id: string;
  kind: string;
}

export type DeliverNow = (effects: readonly WrittenEffect[]) => Promise<void>;

/**
 * Delivers what a walk wrote in the job that walked, right after its commit: no job of their own,
 * so no queue hop, no NOTIFY commit and no job fetch per email or handoff. The walk's emails are
 * claimed a few at a time (deliverEmails: one transaction and two round trips per chunk); its
 * ledger-only handoffs are recorded together in one transaction (deliverHandoffs), the others are
 * webhooks one by one. About `limit` SMTP conversations and `limit` webhooks run at once in this
 * process (the SMTP pool keeps that many connections), which also bounds how many emails one crash
 * can leave ambiguous. A delivery rides out a database restart
 * (untilDatabaseAnswers); one that still throws is logged and left to the stranded-delivery sweep
 * (strandedDeliveries.ts): the walk has committed, so the job must not fail for it.
 *
 * @example
 * const deliverNow = createDeliverNow({ email, handoff, logger, limit: 10 });
 * await deliverNow(await advanceEnrollments(sql, registry, items).then((r) => r.effects));
 */
export function createDeliverNow(deps: {
  email: DeliverDeps;
  handoff: HandoffDeps;
  logger: Logger;
  limit: number;
}): DeliverNow {
  const limit = pLimit(deps.limit);
  // At most `limit` emails claimed and in SMTP at once, whether they come in chunks of five (a walk
  // of many) or one by one (a walk of one, as at a steady trickle of events): a chunk weighs its size.
  const emailSlots = new Semaphore(Math.max(deps.limit, EMAIL_CLAIM_CHUNK));
  const safely = async (what: string, ids: readonly string[], run: () => Promise<unknown>) => {
    try {
      // Through a database restart too: a delivery is safe to run again (the claim decides).
      await untilDatabaseAnswers(run);
    } catch (error) {
      deps.logger.warn(
        { err: error, effectIds: ids, kind: what },
        'delivery failed after its walk committed; the stranded-delivery sweep will retry it',
      );
    }
  };
  return async (effects) => {
    const emails = effects.filter((e) => e.kind === 'email').map((e) => e.id);
    // Handoffs and synced contact updates: CRM webhooks (deliverHandoff.ts).
    const handoffs = effects.filter((e) => e.kind !== 'email').map((e) => e.id);
    await Promise.all([
      emails.length === 0
        ? undefined
        : safely('email', emails, () => deliverEmails(deps.email, emails, emailSlots)),
      handoffs.length === 0
        ? undefined
        : safely('handoff', handoffs, () =>
            deliverHandoffs(deps.handoff, handoffs, (id) =>
              limit(() => safely('handoff', [id], () => deliverHandoff(deps.handoff, id))),
            ),
          ),
    ]);
  };
}
