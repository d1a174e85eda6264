import type { JourneyEvent } from '../sdk/decision.js';
import type { JourneyStep } from './types.js';

/** The `nodeType` of the trace lines priority writes (a contact not enrolled, or pre-empted). */
export const PRIORITY_STEP_TYPE = 'priority';

/** A journey's place among the others: settings of the journey, not of a version. */
export interface JourneyPriority {
  /** Its name, for the trace line that names the journey that won. */
  name: string;
  /** 1 is the highest. Ties: the journey listed first wins (the runtime lists older journeys first). */
  priority: number;
  /** Its exclusive group: a contact is in at most one journey of a group at a time. Null: none. */
  group: string | null;
  /** When it enrols a contact, it ends the contact's enrolment in a lower-priority journey of its group. */
  preempt: boolean;
}

/** Who won a contact: named in the trace line of the journey that lost it. */
export interface PriorityWinner {
  workflowId: string;
  name: string;
  priority: number;
}

/** The trace line of a contact a journey did not enrol because another journey of its group won. */
export function notEnrolledStep(
  nodeId: string,
  group: string,
  winner: PriorityWinner,
  event: JourneyEvent,
): JourneyStep {
  return {
    nodeId,
    nodeType: PRIORITY_STEP_TYPE,
    decision: { notEnrolled: { group, winner: winner.workflowId, priority: winner.priority } },
    reason: {
      summary: `not enrolled: in '${winner.name}' (priority ${winner.priority})`,
      details: { event: event.id ?? null, group },
    },
    output: null,
  };
}

/** The trace line of an enrolment a higher-priority journey of the group ended. */
export function preemptedStep(
  nodeId: string,
  group: string,
  winner: PriorityWinner,
  event: JourneyEvent,
): JourneyStep {
  return {
    nodeId,
    nodeType: PRIORITY_STEP_TYPE,
    decision: { preempted: { group, by: winner.workflowId, priority: winner.priority } },
    reason: {
      summary: `ended: pre-empted by '${winner.name}' (priority ${winner.priority})`,
      details: { event: event.id ?? null, group },
    },
    output: null,
  };
}

/** A would-be enrolment, as far as priority needs to see it. */
export interface GroupCandidate {
  workflowId: string;
  contactId: string;
  nodeId: string;
  exclusiveGroup?: string | undefined;
}

/** What holds a contact's place in a group: a live enrollment, or an enrolment this batch made. */
export type GroupHolder<E, C> = { workflowId: string } & ({ enrollment: E } | { enrolment: C });

export interface PriorityOutcome<E, C> {
  /** The candidates that enrol (ungrouped ones, and each group's winner). */
  enrol: C[];
  /** Live enrollments ended by a pre-empting winner. */
  preempted: Array<{ enrollment: E; group: string; winner: PriorityWinner }>;
  /** Candidates (and earlier enrolments of the batch) that do not enrol, with who won. */
  passedOver: Array<{ candidate: C; group: string; winner: PriorityWinner }>;
}

const winnerOf = (workflowId: string, p: JourneyPriority | undefined): PriorityWinner => ({
  workflowId,
  name: p?.name ?? 'another journey',
  // A holder whose journey is unknown (deleted) keeps its place: nothing outranks it.
  priority: p?.priority ?? 0,
});

/**
 * Applies exclusive groups to one event's would-be enrolments of one contact. `holders` maps a
 * group to what holds the contact's place in it now, and is updated (the winner holds it after).
 * In each group the highest priority (lowest number; ties: the first listed) wins; a contact
 * already held by another journey of the group stays there unless the winner pre-empts and ranks
 * strictly higher. A contact already in the winning journey is left alone (no second enrolment in
 * a group: re-entry happens once it has left).
 */
export function applyPriority<E, C extends GroupCandidate>(
  candidates: readonly C[],
  holders: Map<string, GroupHolder<E, C>>,
  priorities: ReadonlyMap<string, JourneyPriority>,
): PriorityOutcome<E, C> {
  const out: PriorityOutcome<E, C> = { enrol: [], preempted: [], passedOver: [] };
  const groups = new Map<string, C[]>();
  for (const candidate of candidates) {
    const group = candidate.exclusiveGroup;
    if (!group) {
      out.enrol.push(candidate);
      continue;
    }
    const list = groups.get(group);
    if (list) list.push(candidate);
    else groups.set(group, [candidate]);
  }
  const rank = (workflowId: string) => priorities.get(workflowId)?.priority ?? Number.POSITIVE_INFINITY;
  for (const [group, list] of groups) {
    // Stable: equal priorities keep the order they were listed in.
    const ordered = [...list].sort((a, b) => rank(a.workflowId) - rank(b.workflowId));
    const [first, ...rest] = ordered as [C, ...C[]];
    const holder = holders.get(group);
    const firstWins = winnerOf(first.workflowId, priorities.get(first.workflowId));
    if (holder && holder.workflowId !== first.workflowId) {
      const held = winnerOf(holder.workflowId, priorities.get(holder.workflowId));
      const takesOver =
        priorities.get(first.workflowId)?.preempt === true && firstWins.priority < held.priority;
      if (!takesOver) {
        for (const candidate of ordered) out.passedOver.push({ candidate, group, winner: held });
        continue;
      }
      if ('enrollment' in holder)
        out.preempted.push({ enrollment: holder.enrollment, group, winner: firstWins });
      else out.passedOver.push({ candidate: holder.enrolment, group, winner: firstWins });
    }
    for (const candidate of rest) out.passedOver.push({ candidate, group, winner: firstWins });
    // Already in the winning journey: it stays there, and nothing else of the group enrols it.
    if (holder?.workflowId === first.workflowId) continue;
    out.enrol.push(first);
    holders.set(group, { workflowId: first.workflowId, enrolment: first });
  }
  return out;
}
