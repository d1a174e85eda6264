import type { LogicRule } from '@crossroads/graph-schema';
import type { ContactData, Decision, Effect, JourneyData, JourneyEvent, Reason } from '../sdk/decision.js';

/** One node executed (or resumed) by the walker: one row of the contact's trace. */
export interface JourneyStep {
  nodeId: string;
  nodeType: string;
  /** The executor's decision without its reason and effect (those have their own fields). */
  decision: StepDecision;
  reason: Reason | null;
  /** The output the contact left through; null while parked on this node or when the journey ended here. */
  output: string | null;
  effect?: Effect;
}

/** What a trace row stores about a decision: compact, no effect payload. */
export type StepDecision =
  | { next: string; effect?: string }
  | { wait: { until: string }; next: string }
  | { waitFor: { event: string; timeoutAt: string }; onEvent: string; onTimeout: string }
  | { exit: 'completed' | 'filtered' }
  | { resumed: string; by: ResumedBy }
  | { converted: { event: string } }
  | { exited: { rule: string; event: string } }
  | { notEnrolled: { group: string; winner: string; priority: number } }
  | { preempted: { group: string; by: string; priority: number } }
  | { error: string };

/** Why a parked contact moves on: its event, the timeout, the end of a wait, or its step's delivery. */
export type ResumedBy = 'event' | 'timeout' | 'time' | 'delivery';

/** Where the walker stopped. */
export type Park =
  | { kind: 'until'; at: string; nodeId: string; output: string }
  | {
      kind: 'event';
      nodeId: string;
      event: string;
      where?: LogicRule;
      timeoutAt: string;
      onEvent: string;
      onTimeout: string;
    }
  /**
   * The step's email or handoff must be delivered before the contact moves on: along `output` once
   * it is, along `onError` when it fails for good. Only when the node's "on error" output is
   * connected (and the walk was asked to `awaitDelivery`).
   */
  | { kind: 'delivery'; nodeId: string; output: string; onError: string }
  | { kind: 'end'; outcome: 'completed' | 'filtered' | 'failed'; error?: string };

export interface AdvanceResult {
  steps: JourneyStep[];
  park: Park;
  /** The contact as the walk left it, when an update-contact step changed it. */
  contact?: ContactData;
}

/** Where a walk starts: run `nodeId`, or (with `output`) leave the already-run `nodeId` through `output`. */
export interface WalkStart {
  nodeId: string;
  output?: string;
  /** Why the parked node resumes; recorded as the first step. Only with `output`. */
  resumedBy?: ResumedBy;
}

export type { ContactData, Decision, JourneyData, JourneyEvent };
