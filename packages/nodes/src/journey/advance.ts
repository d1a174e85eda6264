import type { Graph, LogicRule } from '@crossroads/graph-schema';
import { applyContactChanges } from '../builtins/update-contact/execute.js';
import {
  type ContactData,
  type ContactUpdateEffect,
  type Decision,
  type ExecuteContext,
  type JourneyData,
  type JourneyEvent,
  ON_ERROR,
  type RenderOutcome,
} from '../sdk/decision.js';
import type { Registry } from '../sdk/registry.js';
import { type CompiledJourney, compiledJourney } from './compile.js';
import type { AdvanceResult, JourneyStep, Park, StepDecision, WalkStart } from './types.js';

/** Effects the runtime delivers (and reports back on): a step may wait for them. */
const DELIVERED = new Set(['email', 'handoff']);

/** Nodes one advance may run before it gives up: a loop without a wait is a bug in the graph. */
export const DEFAULT_STEP_BUDGET = 200;

/** The graph to walk: raw (compiled and cached here, by `cacheKey` when given) or already compiled. */
export type JourneySource =
  | { graph: Graph; registry: Registry; cacheKey?: string; compiled?: undefined }
  | { compiled: CompiledJourney };

export type AdvanceInput = JourneySource & {
  from: WalkStart;
  contact: ContactData;
  event: JourneyEvent | null;
  journey: JourneyData;
  engagement?: Record<string, unknown>;
  now: Date;
  segments: Record<string, LogicRule>;
  stepBudget?: number;
  /** Outputs pinned per node id (simulations and test cases pin a split's arm). */
  pinned?: Record<string, string>;
  /** The host's sandboxed Liquid (see `ExecuteContext.renderText`); absent: Liquid stays unrendered. */
  renderText?(template: string, vars: Record<string, unknown>): RenderOutcome;
  /**
   * Park on a step whose email or handoff must be delivered before the contact moves on, when the
   * node's "on error" output is connected (the runtime; the simulator assumes delivery succeeds).
   */
  awaitDelivery?: boolean;
  /**
   * Whether a failed step whose "on error" output is connected takes it now (default: yes). The
   * runtime says no while the step will be retried (an idempotent pack node within its retries).
   */
  takeErrorPath?(steps: readonly JourneyStep[]): boolean;
};

/** The compiled journey of a source. */
export function journeyOf(source: JourneySource): CompiledJourney {
  return source.compiled ?? compiledJourney(source.graph, source.registry, source.cacheKey);
}

const RESUME_SUMMARY = {
  event: (event: JourneyEvent | null) => `${event?.type ?? 'The awaited event'} arrived`,
  timeout: () => 'Timed out waiting for the event',
  time: () => 'The wait is over',
  delivery: () => 'Delivered',
};

/**
 * Runs every node that can run now, following edges, until the journey parks on a wait or ends.
 * Pure: executors decide, the caller acts on the returned steps (trace rows, effects) and park.
 * An output with no edge ends the journey as completed.
 *
 * @example
 * ```ts
 * const { steps, park } = advance({
 *   graph, registry: builtinRegistry, from: { nodeId: 'trigger' },
 *   contact: { id: 'c1', lead_score: 92 }, event, journey, now: new Date(), segments: {},
 * });
 * // park: { kind: 'event', nodeId: 'wait-open', event: 'email.opened', timeoutAt: '…', … }
 * ```
 */
export function advance(input: AdvanceInput): AdvanceResult {
  const journey = journeyOf(input);
  const { from } = input;
  const steps: JourneyStep[] = [];
  // Update-contact steps change what later steps of this walk read.
  let contact = input.contact;
  const done = (park: Park): AdvanceResult =>
    contact === input.contact ? { steps, park } : { steps, park, contact };
  let nodeId: string | undefined = from.nodeId;
  if (from.output !== undefined) {
    const node = journey.nodes.get(from.nodeId);
    if (!node) return failed(steps, `Node '${from.nodeId}' is not in this version of the graph`);
    const by = from.resumedBy ?? 'time';
    const failedDelivery = by === 'delivery' && from.output === ON_ERROR;
    steps.push({
      nodeId: node.id,
      nodeType: node.type,
      decision: { resumed: from.output, by },
      reason: {
        summary: failedDelivery ? 'Not delivered: took the on-error path' : RESUME_SUMMARY[by](input.event),
      },
      output: from.output,
    });
    nodeId = journey.target(node.id, from.output);
    if (nodeId === undefined) return done({ kind: 'end', outcome: 'completed' });
  }
  const budget = input.stepBudget ?? DEFAULT_STEP_BUDGET;
  for (let ran = 0; ; ran++) {
    if (ran >= budget) {
      return done(
        failedPark(`Ran ${budget} nodes without reaching a wait: the graph loops (last node '${nodeId}')`),
      );
    }
    const node = journey.nodes.get(nodeId);
    if (!node) return done(failedPark(`Edge leads to node '${nodeId}', which is not in the graph`));
    let decision: Decision;
    try {
      decision = node.definition.execute(contextFor({ ...input, contact }, journey, node.id, node.config));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const step: JourneyStep = {
        nodeId: node.id,
        nodeType: node.type,
        decision: { error: message },
        reason: { summary: `Failed: ${message}` },
        output: null,
      };
      steps.push(step);
      const onError = journey.target(node.id, ON_ERROR);
      if (onError === undefined || !(input.takeErrorPath?.(steps) ?? true)) {
        return done(failedPark(`Node '${node.id}' failed: ${message}`));
      }
      step.output = ON_ERROR;
      step.reason = { summary: `Failed, took the on-error path: ${message}` };
      nodeId = onError;
      continue;
    }
    const step: JourneyStep = {
      nodeId: node.id,
      nodeType: node.type,
      decision: stepDecision(decision),
      reason: decision.reason ?? null,
      output: null,
    };
    steps.push(step);
    const park = parkFor(node.id, decision);
    if (park) return done(park);
    const { next, effect } = decision as { next: string; effect?: JourneyStep['effect'] };
    if (effect) step.effect = effect;
    if (effect?.kind === 'contact-update') {
      contact = applyContactChanges(contact, (effect as ContactUpdateEffect).changes);
    }
    if (effect && input.awaitDelivery && DELIVERED.has(effect.kind) && journey.target(node.id, ON_ERROR)) {
      return done({ kind: 'delivery', nodeId: node.id, output: next, onError: ON_ERROR });
    }
    step.output = next;
    const target = journey.target(node.id, next);
    if (target === undefined) return done({ kind: 'end', outcome: 'completed' });
    nodeId = target;
  }
}

function contextFor(
  input: AdvanceInput,
  journey: CompiledJourney,
  nodeId: string,
  config: unknown,
): ExecuteContext<unknown> {
  const pinned = input.pinned && Object.hasOwn(input.pinned, nodeId) ? input.pinned[nodeId] : undefined;
  return {
    nodeId,
    ...(pinned !== undefined && { pinned }),
    config,
    contact: input.contact,
    event: input.event,
    journey: input.journey,
    ...(input.engagement && { engagement: input.engagement }),
    now: input.now,
    segments: input.segments,
    timezone: journey.settings.timezone,
    ...(input.renderText && { renderText: input.renderText }),
  };
}

function parkFor(nodeId: string, decision: Decision): Park | undefined {
  if ('exit' in decision) return { kind: 'end', outcome: decision.exit };
  if ('wait' in decision) return { kind: 'until', at: decision.wait.until, nodeId, output: decision.next };
  if ('waitFor' in decision) {
    const { event, where, timeoutAt } = decision.waitFor;
    return {
      kind: 'event',
      nodeId,
      event,
      ...(where !== undefined && { where }),
      timeoutAt,
      onEvent: decision.onEvent,
      onTimeout: decision.onTimeout,
    };
  }
  return undefined;
}

function stepDecision(decision: Decision): StepDecision {
  if ('exit' in decision) return { exit: decision.exit };
  if ('wait' in decision) return { wait: decision.wait, next: decision.next };
  if ('waitFor' in decision) {
    const { event, timeoutAt } = decision.waitFor;
    return { waitFor: { event, timeoutAt }, onEvent: decision.onEvent, onTimeout: decision.onTimeout };
  }
  return decision.effect ? { next: decision.next, effect: decision.effect.kind } : { next: decision.next };
}

function failed(steps: JourneyStep[], error: string): AdvanceResult {
  return { steps, park: failedPark(error) };
}

const failedPark = (error: string): Park => ({ kind: 'end', outcome: 'failed', error });
