import type { RuleOutcome } from '../builtins/shared/logic.js';
import type { JourneyEvent } from '../sdk/decision.js';
import { exitEventWords } from './exitRuleKinds.js';
import type { JourneyStep } from './types.js';

/** The `nodeType` of the trace row a goal conversion writes (the runtime's stats count these). */
export const GOAL_STEP_TYPE = 'goal';

/** The trace row of a goal conversion, the same in the runtime and in simulations. */
export function goalStep(nodeId: string, event: JourneyEvent, reads: RuleOutcome['reads']): JourneyStep {
  return {
    nodeId,
    nodeType: GOAL_STEP_TYPE,
    decision: { converted: { event: event.type } },
    reason: { summary: `Goal reached: ${event.type}`, details: { event: event.id ?? null, reads } },
    output: null,
  };
}

/** The `nodeType` of the trace row an exit rule writes. */
export const EXIT_RULE_STEP_TYPE = 'exit-rule';

/** The trace row of an exit rule, the same in the runtime and in simulations. */
export function exitStep(
  nodeId: string,
  event: JourneyEvent,
  rule: string,
  reads: Record<string, unknown>,
): JourneyStep {
  return {
    nodeId,
    nodeType: EXIT_RULE_STEP_TYPE,
    decision: { exited: { rule, event: event.type } },
    reason: {
      summary: `Exit rule '${rule}': ${exitEventWords(event)}`,
      details: { event: event.id ?? null, reads },
    },
    output: null,
  };
}
