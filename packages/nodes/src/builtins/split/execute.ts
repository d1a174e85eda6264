import { splitArm } from '../../journey/assignment.js';
import type { Decision, ExecuteContext } from '../../sdk/decision.js';
import type { SplitConfig } from './config.js';

/**
 * Sends the contact down its arm: a hash of journey, node and contact weighted by the arms'
 * weights, so the same contact always takes the same arm. A simulation or test case may pin
 * the arm (`ctx.pinned`).
 */
export function executeSplit(ctx: ExecuteContext<SplitConfig>): Decision {
  const { arms } = ctx.config;
  const pinned = ctx.pinned === undefined ? undefined : arms.find((arm) => arm.id === ctx.pinned);
  const arm =
    pinned ??
    arms[
      splitArm(
        ctx.journey.workflowId,
        ctx.nodeId ?? '',
        ctx.contact.id,
        arms.map((a) => a.weight),
      )
    ]!;
  const total = arms.reduce((sum, a) => sum + a.weight, 0);
  const share = Math.round((arm.weight / total) * 1000) / 10;
  return {
    next: arm.id,
    reason: {
      summary: pinned ? `Arm '${arm.label}' (pinned)` : `Arm '${arm.label}' (${share}% of contacts)`,
      details: { arm: arm.id, label: arm.label, weight: arm.weight, of: total, pinned: Boolean(pinned) },
    },
  };
}
