import { type ContactData, type JourneyEvent, SEGMENT_ENTERED_EVENT } from '../sdk/decision.js';
import type { CompiledJourney } from './compile.js';
import { decideEvent } from './eventPolicy.js';
import type { ActiveJourney, Cohort, LiveEnrollment } from './policyTypes.js';
import type { JourneyPriority } from './priority.js';
import { triggerSegments } from './triggers.js';
import type { JourneyStep } from './types.js';

/** Priority in a simulation: this journey's place, and the other journeys of its group. */
export interface SimulatedPriority {
  /** This journey's priority, group and pre-empt (its name is what other lines would show). */
  self: JourneyPriority;
  /** Other active journeys that may want the same contact. */
  others?: ReadonlyArray<{ workflowId: string; priority: JourneyPriority; journey: CompiledJourney }>;
  /** The workflow id of the journey (one of `others`) the contact is in when the simulation starts. */
  inJourney?: string;
}

export interface TimedEvent extends JourneyEvent {
  at: number;
}

/** Who else is in play: the decision inputs the simulator passes the policy for each event. */
export interface PriorityPlay {
  priorities: Map<string, JourneyPriority>;
  others: ActiveJourney[];
  /** The contact's enrolment in another journey of the group (lasts the whole simulation: it is not run). */
  holder: LiveEnrollment | undefined;
}

export function priorityPlay(
  selfId: string,
  input: SimulatedPriority | undefined,
  contactId: string,
  start: number,
): PriorityPlay {
  const priorities = new Map<string, JourneyPriority>();
  if (!input) return { priorities, others: [], holder: undefined };
  priorities.set(selfId, input.self);
  const others: ActiveJourney[] = [];
  for (const other of input.others ?? []) {
    priorities.set(other.workflowId, other.priority);
    others.push({ workflowId: other.workflowId, version: 0, journey: other.journey });
  }
  const holder = input.inJourney ? heldPlace(input.inJourney, contactId, start) : undefined;
  return { priorities, others, holder };
}

const heldPlace = (workflowId: string, contactId: string, at: number): LiveEnrollment => ({
  id: `held-${workflowId}`,
  workflowId,
  version: 0,
  contactId,
  state: 'active',
  nodeId: 'elsewhere',
  waitEvent: null,
  startedAt: new Date(at).toISOString(),
});

export interface Enrolling {
  event: TimedEvent;
  index: number;
  cohort: Cohort;
}

/**
 * The event that enrols the contact, or undefined, and the priority lines of the events a journey
 * of the group won: what the event policy decides event by event. A trigger on a segment enrols
 * at the start (the contact is taken to enter its segment then). Another journey that wins the
 * contact holds its place from then on (the simulation does not run it, so it never leaves).
 */
export function enrollingEvent(
  self: ActiveJourney,
  events: TimedEvent[],
  contact: ContactData,
  start: number,
  play: PriorityPlay,
  workspaceId: string | undefined,
): { enrolling: Enrolling | undefined; lines: Array<JourneyStep & { at: number }> } {
  const entered: TimedEvent[] = triggerSegments(self.journey).map((segment) => ({
    id: 'sim-segment',
    type: SEGMENT_ENTERED_EVENT,
    properties: { segment },
    timestamp: new Date(start).toISOString(),
    at: start,
  }));
  const candidates = [
    ...entered.map((event) => ({ event, index: -1 })),
    ...events.map((event, index) => ({ event, index })),
  ];
  const lines: Array<JourneyStep & { at: number }> = [];
  let holder = play.holder;
  for (const candidate of candidates) {
    const decision = decideEvent({
      workspaceId,
      event: candidate.event,
      contact,
      activeJourneys: [self, ...play.others],
      liveEnrollments: holder ? [holder] : [],
      journeyOf: () => self.journey,
      ...(play.priorities.size > 0 && { priorities: play.priorities }),
    });
    const mine = decision.enrolments.find((e) => e.workflowId === self.workflowId);
    if (mine) return { enrolling: { ...candidate, cohort: mine.cohort }, lines };
    for (const passed of decision.passedOver) {
      if (passed.enrolment.workflowId === self.workflowId)
        lines.push({ ...passed.step, at: candidate.event.at });
    }
    const group = play.priorities.get(self.workflowId)?.group;
    const won = decision.enrolments.find((e) => group && e.exclusiveGroup === group);
    if (won) holder = heldPlace(won.workflowId, contact.id, candidate.event.at);
  }
  return { enrolling: undefined, lines };
}
