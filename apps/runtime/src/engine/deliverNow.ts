import pLimit from 'p-limit';
import type { Logger } from '../logger.js';
import { type DeliverDeps, deliverEmail } from './deliverEmail.js';
import { deliverHandoff, type HandoffDeps } from './deliverHandoff.js';
import { untilDatabaseAnswers } from './untilDatabaseAnswers.js';

/** A ledger row a walk has just committed, with the kind that says how it is delivered. */
export interface WrittenEffect {
  id: string;
  kind: string;
}

export type DeliverNow = (effects: readonly WrittenEffect[]) => Promise<void>;

/**
 * Delivers what a walk wrote in the job that walked, right after its commit: no job of their own,
 * so no queue hop, no NOTIFY commit and no job fetch per email or handoff. At most `limit`
 * deliveries run at once in this process (the SMTP pool keeps that many connections), which also
 * bounds how many emails one crash can leave ambiguous. A delivery rides out a database restart
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
    await Promise.all(
      effects.map((effect) =>
        limit(() =>
          safely(effect.kind, [effect.id], () =>
            effect.kind === 'email'
              ? deliverEmail(deps.email, effect.id)
              : effect.kind === 'handoff'
                ? deliverHandoff(deps.handoff, effect.id)
                : Promise.resolve(),
          ),
        ),
      ),
    );
  };
}
