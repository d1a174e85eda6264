export { type AdvanceInput, advance, DEFAULT_STEP_BUDGET, type JourneySource, journeyOf } from './advance.js';
export {
  assignmentBucket,
  inControlGroup,
  inShare,
  type RolloutShare,
  rolloutSide,
  splitArm,
} from './assignment.js';
export {
  type CompiledJourney,
  type CompiledNode,
  cachedJourney,
  compiledJourney,
  compileJourney,
  JourneyCompileError,
} from './compile.js';
export {
  type ActiveJourney,
  type Cohort,
  type Conversion,
  decideEvent,
  decideEvents,
  type Enrolment,
  type EventBatchInput,
  type EventDecision,
  type EventPolicyInput,
  EXIT_RULE_STEP_TYPE,
  type Exit,
  enrollmentData,
  exitStep,
  GOAL_STEP_TYPE,
  goalStep,
  type LiveEnrollment,
  type PassedOver,
  type Preemption,
  type Resume,
} from './eventPolicy.js';
export {
  ATTRIBUTE_CHANGED_EVENT,
  describeExitRule,
  type ExitRule,
  type ExitRuleKind,
  exitEventWords,
  exitRuleKind,
  exitRuleOf,
  exitRuleWatch,
} from './exitRuleKinds.js';
export { exitMatches, goalMatches, waitMatches } from './matching.js';
export {
  applyPriority,
  type JourneyPriority,
  notEnrolledStep,
  PRIORITY_STEP_TYPE,
  type PriorityWinner,
  preemptedStep,
} from './priority.js';
export {
  type SimulatedEffect,
  type SimulatedEvent,
  type SimulatedPriority,
  type SimulatedStep,
  type SimulatedWait,
  type SimulateInput,
  SimulationInputError,
  type SimulationResult,
  simulateJourney,
} from './simulate.js';
export { journeyListensTo, triggerAccepts, triggerSchedule, triggerSegments } from './triggers.js';
export type { AdvanceResult, JourneyStep, Park, StepDecision, WalkStart } from './types.js';
