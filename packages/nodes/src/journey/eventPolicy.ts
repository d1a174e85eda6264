import type { ReentryPolicy } from '@crossroads/graph-schema';
import type { RuleOutcome } from '../builtins/shared/logic.js';
import type { ContactData, JourneyData, JourneyEvent } from '../sdk/decision.js';
import { inControlGroup, rolloutSide } from './assignment.js';
import type { CompiledJourney } from './compile.js';
import { exitEventWords } from './exitRuleKinds.js';
import { exitMatches, goalMatches, waitMatches } from './matching.js';
import { triggerAccepts } from './triggers.js';
import type { JourneyStep } from './types.js';

/** The `nodeType` of the trace row a goal conversion writes (the runtime's stats count these). */
export const GOAL_STEP_TYPE = 'goal';

/** An active workflow's published version, which new events may enrol contacts into. */
export interface ActiveJourney {
  workflowId: string;
  version: number;
  journey: CompiledJourney;
  /** A newer version rolled out to `percent` of new enrolments (by contact); the rest get `version`. */
  rollout?: { version: number; percent: number; journey: CompiledJourney } | undefined;
  /** Percent (0–100) of the contacts it would enrol that are held out as its control group. */
  controlPercent?: number | undefined;
}

/** Treated contacts run the journey; control contacts are recorded, receive nothing, and are followed for the goal. */
export type Cohort = 'treated' | 'control';

/** An enrollment that has not ended, as the policy needs to see it. */
export interface LiveEnrollment {
  id: string;
  workflowId: string;
  version: number;
  contactId: string;
  /** `waiting` (parked on a wait), `converted` (goal reached, ending), or running (`active`). */
  state: string;
  /** The node it is on; for a waiting enrollment, the wait it is parked on. */
  nodeId: string;
  /** The event type a waiting enrollment waits for; null when it waits for time only. */
  waitEvent: string | null;
  /** When it entered the journey. */
  startedAt: Date | string;
}

export interface EventPolicyInput<E extends LiveEnrollment> {
  /** Part of the rollout and control hashes (a contact id is only unique within its workspace). */
  workspaceId?: string;
  /** The event; its `id` is recorded on enrolments and goal trace rows. */
  event: JourneyEvent;
  /** The event's contact, attributes flattened (`contact.id` is the event's contact). */
  contact: ContactData;
  /** Versions new enrolments may start in. */
  activeJourneys: readonly ActiveJourney[];
  /** The contact's live enrollments (others are ignored). */
  liveEnrollments: readonly E[];
  /** The compiled version an enrollment runs; undefined when it no longer compiles (then skipped). */
  journeyOf(enrollment: E): CompiledJourney | undefined;
}

/** A goal reached: the enrollment ends as converted, with `step` as its trace row. */
export interface Conversion<E extends LiveEnrollment> {
  enrollment: E;
  event: JourneyEvent;
  /** What the goal's `where` read. */
  reads: Record<string, unknown>;
  /** The trace row: on the enrollment's node, type `goal`, `{ converted: { event } }`. */
  step: JourneyStep;
}

/** An exit rule that held: the enrollment ends as exited, with `step` as its trace row. */
export interface Exit<E extends LiveEnrollment> {
  enrollment: E;
  event: JourneyEvent;
  rule: string;
  step: JourneyStep;
}

/** A waiting enrollment the event wakes: it continues along `output`. */
export interface Resume<E extends LiveEnrollment> {
  enrollment: E;
  event: JourneyEvent;
  output: string;
  /** What the wait's `where` read. */
  reads: Record<string, unknown>;
}

/** A new enrollment to start at the trigger; whether `reentry` allows it is the store's to decide. */
export interface Enrolment {
  workflowId: string;
  version: number;
  contactId: string;
  reentry: ReentryPolicy;
  /** The trigger node: the first node the enrollment runs. */
  nodeId: string;
  eventId: string | null;
  /** `control`: held out (not run, followed for the goal). */
  cohort: Cohort;
  /** `rollout` when the contact fell in a rollout's share (then `version` is the rollout's). */
  side: 'base' | 'rollout';
}

/** What one event (or a batch) does. */
export interface EventDecision<E extends LiveEnrollment> {
  conversions: Conversion<E>[];
  /** Enrollments an exit rule ends (after goals: a conversion wins over an exit). */
  exits: Exit<E>[];
  resumes: Resume<E>[];
  enrolments: Enrolment[];
}

/** The journey data goal and wait rules see for an enrollment. */
export function enrollmentData(enrollment: LiveEnrollment): JourneyData {
  const startedAt = enrollment.startedAt;
  return {
    workflowId: enrollment.workflowId,
    version: enrollment.version,
    enrollmentId: String(enrollment.id),
    enteredAt: typeof startedAt === 'string' ? startedAt : startedAt.toISOString(),
    context: {},
  };
}

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

type StateOf<E> = (enrollment: E) => string;

function decide<E extends LiveEnrollment>(input: EventPolicyInput<E>, stateOf: StateOf<E>): EventDecision<E> {
  const { event, contact } = input;
  const decision: EventDecision<E> = { conversions: [], exits: [], resumes: [], enrolments: [] };
  for (const enrollment of input.liveEnrollments) {
    const state = stateOf(enrollment);
    if (enrollment.contactId !== contact.id || state === 'converted' || state === 'exited') continue;
    const journey = input.journeyOf(enrollment);
    if (!journey) continue;
    const data = enrollmentData(enrollment);
    // The goal first: a conversion ends the enrollment, even one that waits for this very event.
    const goal = goalMatches(journey, event, contact, data);
    if (goal.matched) {
      const step = goalStep(enrollment.nodeId, event, goal.reads);
      decision.conversions.push({ enrollment, event, reads: goal.reads, step });
      continue;
    }
    const exit = exitMatches(journey, event, contact, data);
    if (exit) {
      const step = exitStep(enrollment.nodeId, event, exit.label, exit.reads);
      decision.exits.push({ enrollment, event, rule: exit.label, step });
      continue;
    }
    if (state !== 'waiting' || enrollment.waitEvent !== event.type) continue;
    const wait = waitMatches(journey, enrollment.nodeId, event, contact, data);
    if (wait.matched && wait.onEvent) {
      decision.resumes.push({ enrollment, event, output: wait.onEvent, reads: wait.reads });
    }
  }
  const workspaceId = input.workspaceId ?? '';
  for (const active of input.activeJourneys) {
    // The side first: each version's own trigger decides whether this event enrols.
    const side = rolloutSide(workspaceId, active.workflowId, contact.id, active.rollout);
    const { version, journey } = side === 'rollout' && active.rollout ? active.rollout : active;
    if (!journey.trigger || !triggerAccepts(journey, event, contact)) continue;
    const control = inControlGroup(workspaceId, active.workflowId, contact.id, active.controlPercent);
    decision.enrolments.push({
      workflowId: active.workflowId,
      version,
      contactId: contact.id,
      reentry: journey.settings.reentry,
      nodeId: journey.trigger.id,
      eventId: event.id ?? null,
      cohort: control ? 'control' : 'treated',
      side,
    });
  }
  return decision;
}

/**
 * What one event does, in the order Crossroads applies it: for each of the contact's live
 * enrollments, a goal conversion, else an exit rule (settings.exits), else the resume of a wait
 * for this event; then a new
 * enrolment in every active journey whose trigger accepts it, on the version of the contact's
 * rollout side, treated or held out in the control group (both by a hash of workspace, journey
 * and contact, so a contact re-entering lands on the same side). Pure: the caller writes the
 * trace rows, wakes and enrols (the runtime in its ingest transaction, the simulator on its
 * virtual clock).
 *
 * @example
 * ```ts
 * const { conversions, resumes, enrolments } = decideEvent({
 *   event, contact, activeJourneys, liveEnrollments, journeyOf: (e) => compiled.get(e.workflowId),
 * });
 * ```
 */
export function decideEvent<E extends LiveEnrollment>(input: EventPolicyInput<E>): EventDecision<E> {
  return decide(input, (enrollment) => enrollment.state);
}

export interface EventBatchInput<E extends LiveEnrollment>
  extends Omit<EventPolicyInput<E>, 'event' | 'contact'> {
  /** In the order they are applied. */
  events: ReadonlyArray<{ event: JourneyEvent; contact: ContactData }>;
  /** Live enrollments of all the batch's contacts. */
  liveEnrollments: readonly E[];
}

/**
 * `decideEvent` for a batch of events, each seeing what the earlier ones did: an enrollment
 * converted by one event is left alone by the next, and one an event resumed (now running) is
 * not resumed again. Enrolments made by the batch are not live for it. Inputs are not changed.
 *
 * @example
 * ```ts
 * const decision = decideEvents({ events: [{ event, contact }], activeJourneys, liveEnrollments, journeyOf });
 * ```
 */
export function decideEvents<E extends LiveEnrollment>(input: EventBatchInput<E>): EventDecision<E> {
  const states = new Map<E, string>();
  const stateOf: StateOf<E> = (enrollment) => states.get(enrollment) ?? enrollment.state;
  const byContact = new Map<string, E[]>();
  for (const enrollment of input.liveEnrollments) {
    const list = byContact.get(enrollment.contactId);
    if (list) list.push(enrollment);
    else byContact.set(enrollment.contactId, [enrollment]);
  }
  const total: EventDecision<E> = { conversions: [], exits: [], resumes: [], enrolments: [] };
  for (const { event, contact } of input.events) {
    const liveEnrollments = byContact.get(contact.id) ?? [];
    const one = decide({ ...input, event, contact, liveEnrollments }, stateOf);
    for (const conversion of one.conversions) states.set(conversion.enrollment, 'converted');
    // An exited enrollment is over too: later events of the batch leave it alone.
    for (const exit of one.exits) states.set(exit.enrollment, 'exited');
    for (const resume of one.resumes) states.set(resume.enrollment, 'active');
    total.conversions.push(...one.conversions);
    total.exits.push(...one.exits);
    total.resumes.push(...one.resumes);
    total.enrolments.push(...one.enrolments);
  }
  return total;
}
