import { definePack } from '../sdk/definePack.js';
import { createRegistry } from '../sdk/registry.js';
import { salesHandoffNode } from './sales-handoff/definition.js';
import { segmentGateNode, segmentGateNodeV1 } from './segment-gate/definition.js';
import { sendNode } from './send/definition.js';
import { splitNode } from './split/definition.js';
import { triggerNode } from './trigger/definition.js';
import { updateContactNode } from './update-contact/definition.js';
import { waitNode } from './wait/definition.js';

export { SalesHandoffConfig } from './sales-handoff/config.js';
export { ownerByAttribute } from './sales-handoff/execute.js';
export { GATE_ELSE, GATE_ELSE_LABEL, SegmentGateConfig } from './segment-gate/config.js';
export { SendConfig } from './send/config.js';
export { durationProblem } from './shared/duration.js';
export { evaluateRule, type RuleOutcome, ruleMatchesEvent } from './shared/logic.js';
export { type SplitArm, SplitConfig } from './split/config.js';
export { replaceSplitWithArm, type WinnerResult } from './split/winner.js';
export { TriggerConfig } from './trigger/config.js';
export { cronProblem, MIN_INTERVAL_MINUTES } from './trigger/cron.js';
export { describeSchedule } from './trigger/describeSchedule.js';
export {
  cronOf,
  nextSlots,
  type Slot,
  slotInstant,
  slotWindow,
} from './trigger/schedule.js';
export { Schedule } from './trigger/scheduleConfig.js';
export { ContactChange, UpdateContactConfig } from './update-contact/config.js';
export { applyContactChanges } from './update-contact/execute.js';
export { type SendWindow, WaitConfig, WEEKDAYS, type Weekday } from './wait/config.js';
export { isValidZone, nextWindowStart, zoneFor } from './wait/sendWindow.js';
export {
  salesHandoffNode,
  segmentGateNode,
  segmentGateNodeV1,
  sendNode,
  splitNode,
  triggerNode,
  updateContactNode,
  waitNode,
};

/** Version of @crossroads/nodes; a test keeps it equal to package.json. */
export const BUILTINS_VERSION = '0.1.0';

/**
 * The built-in node types as a pack (older versions kept where published graphs may use them).
 *
 * @example
 * ```ts
 * const registry = createRegistry([builtins, myPack]);
 * ```
 */
export const builtins = definePack({
  name: 'crossroads',
  version: BUILTINS_VERSION,
  nodes: [
    triggerNode,
    segmentGateNodeV1,
    segmentGateNode,
    waitNode,
    sendNode,
    salesHandoffNode,
    updateContactNode,
    splitNode,
  ],
});

/**
 * A registry holding only the built-ins, for validation and tests.
 *
 * @example
 * ```ts
 * validateGraph(graph, builtinRegistry);
 * ```
 */
export const builtinRegistry = createRegistry([builtins]);
