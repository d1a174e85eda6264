import type { CompiledJourney, JourneyStep, Registry } from '@crossroads/nodes';
import { nextRetryDelay } from '../channels/index.js';

/** Registries whose pack nodes run in a sandbox (RuntimeRegistry): walks must go through `settle`. */
interface SettlingRegistry extends Registry {
  settle<T>(walk: () => T): Promise<T>;
  isSandboxed(type: string): boolean;
}

const settles = (registry: Registry): registry is SettlingRegistry =>
  typeof (registry as Partial<SettlingRegistry>).settle === 'function';

/**
 * Runs one synchronous walk (`advance`) so that pack nodes it reaches execute in their sandbox
 * (RuntimeRegistry.settle replays the walk with their decisions); a plain registry just walks.
 *
 * @example
 * ```ts
 * const { steps, park } = await walkWithPacks(registry, () => advance({ compiled, from, ... }));
 * ```
 */
export async function walkWithPacks<T>(registry: Registry, walk: () => T): Promise<T> {
  return settles(registry) ? registry.settle(walk) : walk();
}

/** Retries of a failed idempotent pack step before its failure is recorded. */
export const PACK_RETRIES = 5;

/**
 * When a walk failed at a sandboxed pack node that declares itself idempotent (a time limit, a
 * restarted sandbox, a receiver that answered 500), the walk can be run again: returns the delay
 * before the next try. Undefined when the failure should be recorded: the node is not idempotent
 * (running it again could post twice), an earlier non-idempotent pack node in the same walk already
 * ran, or the retries are used up.
 */
export function packRetryDelay(
  registry: Registry,
  journey: CompiledJourney,
  steps: JourneyStep[],
  attempt: number,
): number | undefined {
  if (!settles(registry) || attempt >= PACK_RETRIES) return undefined;
  const sandboxed = (step: JourneyStep) => registry.isSandboxed(step.nodeType);
  const idempotent = (step: JourneyStep) => journey.nodes.get(step.nodeId)?.definition.idempotent === true;
  const failed = steps.at(-1);
  if (!failed || !('error' in failed.decision) || !sandboxed(failed) || !idempotent(failed)) return undefined;
  const sideEffectsRan = steps.slice(0, -1).some((step) => sandboxed(step) && !idempotent(step));
  if (sideEffectsRan) return undefined;
  return 500 + nextRetryDelay(attempt, { baseMs: 1_000, capMs: 60_000 });
}

/**
 * What an enrollment shows while its failed step waits to be tried again (`enrollments.retry`):
 * the node, the next try's number of all of them, when, and the last error.
 *
 * @example
 * ```ts
 * retryState(steps, 1, runAt); // { nodeId: 'notify', attempt: 3, of: 6, nextAt: '…', error: 'Slack answered 500' }
 * ```
 */
export function retryState(steps: readonly JourneyStep[], attempt: number, runAt: Date) {
  const failed = steps.at(-1);
  const error = failed && 'error' in failed.decision ? failed.decision.error : 'failed';
  return {
    nodeId: failed?.nodeId ?? null,
    attempt: attempt + 2,
    of: PACK_RETRIES + 1,
    nextAt: runAt.toISOString(),
    error: error.slice(0, 2_000),
  };
}

const readsEngagementOf = new WeakMap<CompiledJourney, boolean>();

/** Whether any node of the graph reads `engagement.*` (then the walk loads the contact's aggregates). */
export function readsEngagement(journey: CompiledJourney): boolean {
  let reads = readsEngagementOf.get(journey);
  if (reads === undefined) {
    reads = /"engagement\./.test(JSON.stringify(journey.graph.nodes));
    readsEngagementOf.set(journey, reads);
  }
  return reads;
}
