import type { LogicRule } from '@crossroads/graph-schema';
import { Duration } from 'luxon';
import type { ContactData, Effect, JourneyEvent } from '../sdk/decision.js';
import { type AdvanceInput, advance, type JourneySource, journeyOf } from './advance.js';
import { decideEvent, enrollmentData, type LiveEnrollment } from './eventPolicy.js';
import { enrollingEvent, priorityPlay, type SimulatedPriority, type TimedEvent } from './simulatePriority.js';
import type { JourneyStep, WalkStart } from './types.js';

export type { SimulatedPriority } from './simulatePriority.js';

/** An event in a simulation, `after` the simulation start: an ISO-8601 duration or milliseconds. */
export interface SimulatedEvent {
  after: string | number;
  type: string;
  properties?: Record<string, unknown>;
}

export type SimulateInput = JourneySource & {
  contact: ContactData;
  events: readonly SimulatedEvent[];
  segments?: Record<string, LogicRule>;
  engagement?: Record<string, unknown>;
  /** Virtual start instant; defaults to now. */
  start?: Date | string;
  /** Resumes before the simulation stops (a journey that loops through waits forever). */
  maxResumes?: number;
  /** Arms pinned per split node id: the contact takes that arm instead of its hashed one. */
  pinned?: Record<string, string>;
  /** The journey's control group: the contact is held out when its hash falls in `percent`. */
  control?: { percent: number; workspaceId: string; workflowId: string };
  /** Priority between journeys: this journey's group and the others that may win the contact. */
  priority?: SimulatedPriority;
  /** The host's sandboxed Liquid, for update-contact values (see `ExecuteContext.renderText`). */
  renderText?: AdvanceInput['renderText'];
};

export interface SimulatedStep extends JourneyStep {
  at: string;
}

export interface SimulatedWait {
  nodeId: string;
  kind: 'until' | 'event';
  since: string;
  /** When the wait would end by itself: the instant, or the event timeout. */
  until: string;
  event?: string;
  resumedAt: string | null;
  resumedBy: 'time' | 'event' | 'timeout' | 'goal' | 'exit-rule' | 'preempted' | null;
}

export interface SimulatedEffect {
  nodeId: string;
  at: string;
  effect: Effect;
}

export interface SimulationResult {
  enrolled: boolean;
  /** `control`: held out (nothing runs; only the goal or an exit rule is followed). */
  cohort?: 'treated' | 'control';
  enteredAt: string | null;
  outcome: 'not-enrolled' | 'completed' | 'filtered' | 'failed' | 'converted' | 'exited' | 'stopped';
  endedAt: string | null;
  error?: string;
  path: SimulatedStep[];
  waits: SimulatedWait[];
  /** What would have been sent or handed off; nothing is. */
  effects: SimulatedEffect[];
}

/** A simulation input that cannot run, naming the field. */
export class SimulationInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

function offsetMs(after: string | number, index: number): number {
  if (typeof after === 'number') {
    if (!Number.isFinite(after) || after < 0) {
      throw new SimulationInputError(`events[${index}].after`, 'must be a duration or milliseconds ≥ 0');
    }
    return after;
  }
  const duration = Duration.fromISO(after);
  if (!duration.isValid) {
    throw new SimulationInputError(
      `events[${index}].after`,
      `'${after}' is not an ISO-8601 duration, e.g. PT2H`,
    );
  }
  return duration.toMillis();
}

function timeline(events: readonly SimulatedEvent[], start: number): TimedEvent[] {
  return events
    .map((event, index) => {
      const at = start + offsetMs(event.after, index);
      return {
        id: `sim-${index}`,
        type: event.type,
        properties: event.properties ?? {},
        timestamp: new Date(at).toISOString(),
        at,
      };
    })
    .sort((a, b) => a.at - b.at);
}

/**
 * Runs a journey for one contact on a virtual clock with the same executors as the runtime and
 * no side effects: the path, each decision with its reason, waits with their resume times, and
 * the effects that would have happened. Event offsets are measured from `start`.
 *
 * @example
 * ```ts
 * const result = simulateJourney({
 *   graph, registry: builtinRegistry, contact: { id: 'c1', lead_score: 92 },
 *   events: [{ after: 0, type: 'page.viewed', properties: { page: 'pricing' } },
 *            { after: 'PT2H', type: 'email.opened' }],
 * });
 * result.outcome; // 'completed'
 * ```
 */
export function simulateJourney(input: SimulateInput): SimulationResult {
  const journey = journeyOf(input);
  const start = input.start === undefined ? Date.now() : new Date(input.start).getTime();
  if (Number.isNaN(start)) throw new SimulationInputError('start', 'is not a valid instant');
  const events = timeline(input.events, start);
  // Update-contact steps change the contact that later steps, goals and waits read.
  let { contact } = input;
  const result: SimulationResult = {
    enrolled: false,
    enteredAt: null,
    outcome: 'not-enrolled',
    endedAt: null,
    path: [],
    waits: [],
    effects: [],
  };
  const workflowId = input.control?.workflowId ?? journey.graph.id;
  const play = priorityPlay(workflowId, input.priority, contact.id, start);
  const self = { workflowId, version: 0, journey, controlPercent: input.control?.percent };
  const { enrolling, lines } = enrollingEvent(self, events, contact, start, play, input.control?.workspaceId);
  // Lines of events another journey of the group won (the runtime writes the same rows).
  for (const { at, ...line } of lines) result.path.push({ ...line, at: new Date(at).toISOString() });
  if (!enrolling || !journey.trigger) return result;
  // After enrolment, later events may bring a pre-empting journey of the group.
  const others = (live: LiveEnrollment) => ({
    activeJourneys: play.others,
    ...(play.priorities.size > 0 && { priorities: play.priorities }),
    liveEnrollments: [live],
    journeyOf: () => journey,
  });
  let now = enrolling.event.at;
  let cursor = enrolling.index + 1;
  let event: JourneyEvent | null = enrolling.event;
  let from: WalkStart = { nodeId: journey.trigger.id };
  const enrollment: LiveEnrollment = {
    id: 'simulation',
    workflowId,
    version: 0,
    contactId: contact.id,
    state: 'active',
    nodeId: journey.trigger.id,
    waitEvent: null,
    startedAt: new Date(now).toISOString(),
  };
  const data = enrollmentData(enrollment);
  Object.assign(result, { enrolled: true, enteredAt: data.enteredAt, cohort: enrolling.cohort });
  const iso = (ms: number) => new Date(ms).toISOString();
  const end = (outcome: SimulationResult['outcome'], at: number, error?: string) => {
    Object.assign(result, { outcome, endedAt: iso(at), ...(error && { error }) });
    return result;
  };
  if (enrolling.cohort === 'control') {
    // Held out: nothing runs; the goal and exit rules are followed, as the runtime does.
    const held: LiveEnrollment = { ...enrollment, state: 'held' };
    for (const next of events.slice(cursor)) {
      const decision = decideEvent({ event: next, contact, ...others(held) });
      const ending = decision.conversions[0] ?? decision.exits[0] ?? decision.preemptions[0];
      if (ending) {
        result.path.push({ ...ending.step, at: iso(next.at) });
        return end(decision.conversions[0] ? 'converted' : 'exited', next.at);
      }
    }
    result.outcome = 'stopped';
    return result;
  }

  for (let resumes = 0; resumes <= (input.maxResumes ?? 100); resumes++) {
    const walked = advance({
      compiled: journey,
      from,
      contact,
      event,
      journey: data,
      ...(input.engagement && { engagement: input.engagement }),
      now: new Date(now),
      segments: input.segments ?? {},
      ...(input.pinned && { pinned: input.pinned }),
      ...(input.renderText && { renderText: input.renderText }),
    });
    const { steps, park } = walked;
    if (walked.contact) contact = walked.contact;
    for (const step of steps) {
      result.path.push({ ...step, at: iso(now) });
      if (step.effect) result.effects.push({ nodeId: step.nodeId, at: iso(now), effect: step.effect });
    }
    if (park.kind === 'end') return end(park.outcome, now, park.error);
    if (park.kind === 'delivery') {
      // Not asked for (awaitDelivery): the simulation takes every delivery as made.
      from = { nodeId: park.nodeId, output: park.output, resumedBy: 'delivery' };
      continue;
    }
    const deadline = new Date(park.kind === 'until' ? park.at : park.timeoutAt).getTime();
    const wait: SimulatedWait = {
      nodeId: park.nodeId,
      kind: park.kind,
      since: iso(now),
      until: iso(deadline),
      ...(park.kind === 'event' && { event: park.event }),
      resumedAt: null,
      resumedBy: null,
    };
    result.waits.push(wait);
    let resumed: {
      at: number;
      output: string;
      by: 'time' | 'event' | 'timeout';
      event: JourneyEvent | null;
    } = {
      at: deadline,
      output: park.kind === 'until' ? park.output : park.onTimeout,
      by: park.kind === 'until' ? 'time' : 'timeout',
      event,
    };
    const parked: LiveEnrollment = {
      ...enrollment,
      state: 'waiting',
      nodeId: park.nodeId,
      waitEvent: park.kind === 'event' ? park.event : null,
    };
    for (; cursor < events.length && (events[cursor] as TimedEvent).at <= deadline; cursor++) {
      const next = events[cursor] as TimedEvent;
      const decision = decideEvent({ event: next, contact, ...others(parked) });
      const conversion = decision.conversions[0];
      if (conversion) {
        result.path.push({ ...conversion.step, at: iso(next.at) });
        Object.assign(wait, { resumedAt: iso(next.at), resumedBy: 'goal' });
        return end('converted', next.at);
      }
      const exit = decision.exits[0];
      if (exit) {
        result.path.push({ ...exit.step, at: iso(next.at) });
        Object.assign(wait, { resumedAt: iso(next.at), resumedBy: 'exit-rule' });
        return end('exited', next.at);
      }
      const preemption = decision.preemptions[0];
      if (preemption) {
        result.path.push({ ...preemption.step, at: iso(next.at) });
        Object.assign(wait, { resumedAt: iso(next.at), resumedBy: 'preempted' });
        return end('exited', next.at);
      }
      const resume = decision.resumes[0];
      if (resume) {
        resumed = { at: next.at, output: resume.output, by: 'event', event: next };
        cursor++;
        break;
      }
    }
    Object.assign(wait, { resumedAt: iso(resumed.at), resumedBy: resumed.by });
    now = resumed.at;
    event = resumed.event;
    from = { nodeId: park.nodeId, output: resumed.output, resumedBy: resumed.by };
  }
  return end('stopped', now, 'The journey kept waiting and resuming; the simulation stopped');
}
