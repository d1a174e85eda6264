import type { ContactData, JourneyData, JourneyEvent } from '../sdk/decision.js';
import { inControlGroup, rolloutSide } from './assignment.js';
import { exitMatches, goalMatches, waitMatches } from './matching.js';
import type { Enrolment, EventDecision, EventPolicyInput, LiveEnrollment } from './policyTypes.js';
import {
  applyPriority,
  type GroupHolder,
  type JourneyPriority,
  notEnrolledStep,
  preemptedStep,
} from './priority.js';
import { exitStep, goalStep } from './traceSteps.js';
import { triggerAccepts } from './triggers.js';

export type {
  ActiveJourney,
  Cohort,
  Conversion,
  Enrolment,
  EventDecision,
  EventPolicyInput,
  Exit,
  LiveEnrollment,
  PassedOver,
  Preemption,
  Resume,
} from './policyTypes.js';
export { EXIT_RULE_STEP_TYPE, exitStep, GOAL_STEP_TYPE, goalStep } from './traceSteps.js';

const emptyDecision = <E extends LiveEnrollment>(): EventDecision<E> => ({
  conversions: [],
  exits: [],
  resumes: [],
  enrolments: [],
  preemptions: [],
  passedOver: [],
});

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

type StateOf<E> = (enrollment: E) => string;

type Holders<E extends LiveEnrollment> = Map<string, GroupHolder<E, Enrolment>>;

function decide<E extends LiveEnrollment>(
  input: EventPolicyInput<E>,
  stateOf: StateOf<E>,
  batchHolders?: Holders<E>,
): EventDecision<E> {
  const { event, contact } = input;
  const decision = emptyDecision<E>();
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
  const controlOf = new Map<string, number | undefined>();
  for (const active of input.activeJourneys) {
    // The side first: each version's own trigger decides whether this event enrols.
    const side = rolloutSide(workspaceId, active.workflowId, contact.id, active.rollout);
    const { version, journey } = side === 'rollout' && active.rollout ? active.rollout : active;
    if (!journey.trigger || !triggerAccepts(journey, event, contact)) continue;
    const group = input.priorities?.get(active.workflowId)?.group ?? undefined;
    // A grouped journey re-entry refuses must not win the contact only to enrol it nowhere.
    if (group && input.reentryRefuses?.(active.workflowId, contact.id, journey.settings.reentry)) continue;
    controlOf.set(active.workflowId, active.controlPercent);
    decision.enrolments.push({
      workflowId: active.workflowId,
      version,
      contactId: contact.id,
      reentry: journey.settings.reentry,
      nodeId: journey.trigger.id,
      eventId: event.id ?? null,
      cohort: 'treated',
      side,
      exclusiveGroup: group,
    });
  }
  if (decision.enrolments.some((e) => e.exclusiveGroup)) applyGroups(input, stateOf, decision, batchHolders);
  // The control hold-out of the enrolments priority kept (a hash each: not spent on the others).
  for (const enrolment of decision.enrolments) {
    const percent = controlOf.get(enrolment.workflowId);
    if (inControlGroup(workspaceId, enrolment.workflowId, contact.id, percent)) enrolment.cohort = 'control';
  }
  return decision;
}

/** Exclusive groups: who holds the contact's place in each group, then `applyPriority`. */
function applyGroups<E extends LiveEnrollment>(
  input: EventPolicyInput<E>,
  stateOf: StateOf<E>,
  decision: EventDecision<E>,
  batchHolders: Holders<E> = new Map(),
) {
  const priorities = input.priorities ?? new Map<string, JourneyPriority>();
  const ended = new Set<E>([...decision.conversions, ...decision.exits].map((e) => e.enrollment));
  const holders: Holders<E> = new Map();
  for (const enrollment of [...(input.groupEnrollments ?? []), ...input.liveEnrollments]) {
    const state = stateOf(enrollment);
    if (enrollment.contactId !== input.contact.id || ended.has(enrollment)) continue;
    if (state === 'converted' || state === 'exited') continue;
    const group =
      enrollment.exclusiveGroup !== undefined
        ? enrollment.exclusiveGroup
        : (priorities.get(enrollment.workflowId)?.group ?? null);
    if (group) holders.set(group, { workflowId: enrollment.workflowId, enrollment });
  }
  // Enrolments earlier events of the batch made are newer than any live enrollment.
  for (const [group, holder] of batchHolders) holders.set(group, holder);
  const outcome = applyPriority(decision.enrolments, holders, priorities);
  for (const [group, holder] of holders) if ('enrolment' in holder) batchHolders.set(group, holder);
  decision.enrolments = outcome.enrol;
  for (const { enrollment, group, winner } of outcome.preempted) {
    const step = preemptedStep(enrollment.nodeId, group, winner, input.event);
    decision.preemptions.push({ enrollment, event: input.event, winner, step });
  }
  const preempted = new Set(outcome.preempted.map((p) => p.enrollment));
  decision.resumes = decision.resumes.filter((r) => !preempted.has(r.enrollment));
  for (const { candidate, group, winner } of outcome.passedOver) {
    const step = notEnrolledStep(candidate.nodeId, group, winner, input.event);
    decision.passedOver.push({ enrolment: candidate, winner, step });
  }
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
  const byContact = (list: readonly E[] = []) => {
    const map = new Map<string, E[]>();
    for (const enrollment of list) {
      const mine = map.get(enrollment.contactId);
      if (mine) mine.push(enrollment);
      else map.set(enrollment.contactId, [enrollment]);
    }
    return map;
  };
  const liveOf = byContact(input.liveEnrollments);
  const holdingOf = byContact(input.groupEnrollments);
  const total = emptyDecision<E>();
  const holdersByContact = new Map<string, Holders<E>>();
  for (const { event, contact } of input.events) {
    const liveEnrollments = liveOf.get(contact.id) ?? [];
    const groupEnrollments = holdingOf.get(contact.id) ?? [];
    let holders = holdersByContact.get(contact.id);
    if (!holders) {
      holders = new Map();
      holdersByContact.set(contact.id, holders);
    }
    const one = decide({ ...input, event, contact, liveEnrollments, groupEnrollments }, stateOf, holders);
    for (const conversion of one.conversions) states.set(conversion.enrollment, 'converted');
    // An exited enrollment is over too: later events of the batch leave it alone.
    for (const exit of one.exits) states.set(exit.enrollment, 'exited');
    for (const resume of one.resumes) states.set(resume.enrollment, 'active');
    for (const preemption of one.preemptions) states.set(preemption.enrollment, 'exited');
    // An enrolment of an earlier event that a pre-empting journey took over is not made.
    const withdrawn = new Set(one.passedOver.map((p) => p.enrolment));
    if (withdrawn.size > 0) total.enrolments = total.enrolments.filter((e) => !withdrawn.has(e));
    total.conversions.push(...one.conversions);
    total.exits.push(...one.exits);
    total.resumes.push(...one.resumes);
    total.enrolments.push(...one.enrolments);
    total.preemptions.push(...one.preemptions);
    total.passedOver.push(...one.passedOver);
  }
  return total;
}
