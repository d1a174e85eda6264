import type { ReentryPolicy } from '@crossroads/graph-schema';
import type { ContactData, JourneyEvent } from '../sdk/decision.js';
import type { CompiledJourney } from './compile.js';
import type { JourneyPriority, PriorityWinner } from './priority.js';
import type { JourneyStep } from './types.js';

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
  /** The exclusive group it was enrolled in (undefined: its journey's group now, from `priorities`). */
  exclusiveGroup?: string | null | undefined;
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
  /**
   * Live enrollments of the contact that only hold its place in an exclusive group (a caller
   * that acts for one journey leaves the others out of `liveEnrollments` but not out of here).
   */
  groupEnrollments?: readonly E[] | undefined;
  /**
   * Whether the journey's re-entry refuses the contact although it is not in it now ('once': it
   * was in it before). Such a journey takes no part in its group's priority, so the next one
   * enrols the contact instead of nobody. Absent: none refuses.
   */
  reentryRefuses?: ((workflowId: string, contactId: string, reentry: ReentryPolicy) => boolean) | undefined;
  /** Priority and exclusive group by workflow id (active journeys and those live enrollments run). */
  priorities?: ReadonlyMap<string, JourneyPriority> | undefined;
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
  /** The exclusive group it enrols in: the contact holds its place there while enrolled. */
  exclusiveGroup?: string | undefined;
}

/** A live enrollment a higher-priority journey of its group ends (as exited), with its trace row. */
export interface Preemption<E extends LiveEnrollment> {
  enrollment: E;
  event: JourneyEvent;
  winner: PriorityWinner;
  step: JourneyStep;
}

/** A would-be enrolment priority refused, with the trace row naming the journey that won. */
export interface PassedOver {
  enrolment: Enrolment;
  winner: PriorityWinner;
  step: JourneyStep;
}

/** What one event (or a batch) does. */
export interface EventDecision<E extends LiveEnrollment> {
  conversions: Conversion<E>[];
  /** Enrollments an exit rule ends (after goals: a conversion wins over an exit). */
  exits: Exit<E>[];
  resumes: Resume<E>[];
  enrolments: Enrolment[];
  /** Enrollments ended because a higher-priority journey of their group took the contact. */
  preemptions: Preemption<E>[];
  /** Would-be enrolments of a group another journey won. */
  passedOver: PassedOver[];
}
