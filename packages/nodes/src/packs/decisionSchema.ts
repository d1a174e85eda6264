import { z } from 'zod';
import type { Decision } from '../sdk/decision.js';

const Output = z.string().min(1).max(128);
const Instant = z.iso.datetime({ offset: true });
const Reason = z.strictObject({
  summary: z.string().max(2_000),
  details: z.record(z.string(), z.unknown()).optional(),
});
const Effect = z.looseObject({ kind: z.string().min(1).max(64) });

/**
 * The shape of a `Decision`, for values that come from untrusted code (a pack sandbox) or from
 * JSON. Strict objects: an unknown key (such as `__proto__` smuggled through JSON) is refused.
 *
 * @example
 * ```ts
 * const checked = DecisionSchema.safeParse(JSON.parse(reply));
 * if (!checked.success) throw new Error(z.prettifyError(checked.error));
 * ```
 */
export const DecisionSchema: z.ZodType<Decision> = z.union([
  z.strictObject({ next: Output, effect: Effect.optional(), reason: Reason.optional() }),
  z.strictObject({ wait: z.strictObject({ until: Instant }), next: Output, reason: Reason.optional() }),
  z.strictObject({
    waitFor: z.strictObject({
      event: z.string().min(1).max(200),
      where: z.unknown().optional(),
      timeoutAt: Instant,
    }),
    onEvent: Output,
    onTimeout: Output,
    reason: Reason.optional(),
  }),
  z.strictObject({ exit: z.enum(['completed', 'filtered']), reason: Reason.optional() }),
]) as z.ZodType<Decision>;

/**
 * Checks an executor's return value: a well-formed decision whose outputs exist on the node.
 * Returns the decision or throws an Error that names the node type and what is wrong.
 *
 * @example
 * ```ts
 * const decision = checkDecision(await node.execute(ctx), 'ab-split/split', ['a', 'b']);
 * ```
 */
export function checkDecision(value: unknown, type: string, outputs?: readonly string[]): Decision {
  const parsed = DecisionSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${type} returned an invalid decision: ${z.prettifyError(parsed.error)}`);
  }
  const decision = parsed.data;
  if (outputs) {
    const used =
      'next' in decision
        ? [decision.next]
        : 'onEvent' in decision
          ? [decision.onEvent, decision.onTimeout]
          : [];
    const unknown = used.filter((output) => !outputs.includes(output));
    if (unknown.length > 0) {
      throw new Error(
        `${type} chose output '${unknown[0]}', which the node does not have (outputs: ${outputs.join(', ')})`,
      );
    }
  }
  return decision;
}
