import { z } from 'zod';
import { Instant, SafeString, Uuid } from './primitives.js';
import { defineRoute } from './route.js';
import { WorkflowParams } from './workflows.js';

const Reason = SafeString.trim().min(1, 'say why (it goes to the audit log)').max(2000);

/** 1 is the highest; journeys of a group are usually numbered 1, 2, 3… in order. */
export const PriorityNumber = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be 1 (highest) or more')
  .max(999, 'must be 999 or less');

/** An exclusive group's name as ops staff type it ("Lifecycle emails"). */
export const GroupName = SafeString.trim()
  .min(1, 'give the group a name, or null for no group')
  .max(60, 'at most 60 characters');

/** A journey's priority settings: journey-level, not part of a version (no publish needed). */
export const JourneyPrioritySettings = z.object({
  priority: PriorityNumber.describe('1 is the highest: it wins a contact several journeys of its group want'),
  group: GroupName.nullable().describe(
    'Exclusive group: a contact is in at most one journey of the group at a time; null: none',
  ),
  preempt: z
    .boolean()
    .describe('When it enrols a contact, end their enrolment in a lower-priority journey of the group'),
});
export type JourneyPrioritySettings = z.infer<typeof JourneyPrioritySettings>;

export const SetJourneyPriority = z.strictObject({
  priority: PriorityNumber,
  group: GroupName.nullable(),
  preempt: z.boolean(),
  reason: Reason,
});
export type SetJourneyPriority = z.input<typeof SetJourneyPriority>;

/** One journey in the workspace's priority view. */
export const PriorityJourney = z.object({
  id: Uuid,
  name: z.string(),
  status: z.string().describe("'draft', 'active', 'paused' or 'archived'"),
  priority: z.number().int(),
  preempt: z.boolean(),
  qualified: z.number().int().describe('Contacts that qualified for it in the window'),
});

/** How many contacts two journeys both wanted. */
export const PriorityOverlap = z.object({
  a: Uuid,
  b: Uuid,
  contacts: z.number().int().describe('Contacts that qualified for both in the window'),
});

export const PriorityGroup = z.object({
  name: z.string().nullable().describe('Null: the journeys in no exclusive group'),
  journeys: z.array(PriorityJourney).describe('Highest priority first (ties: the older journey first)'),
  overlaps: z.array(PriorityOverlap).describe('Pairs of this group that share contacts, most first'),
});

export const JourneyPriorities = z.object({
  since: Instant.describe('Start of the window the counts cover (30 days)'),
  groups: z.array(PriorityGroup).describe('Groups by name, then the journeys in no group'),
});
export type JourneyPriorities = z.infer<typeof JourneyPriorities>;

export const SetGroupOrder = z.strictObject({
  group: GroupName,
  journeys: z
    .array(Uuid)
    .min(1, 'list the journeys of the group')
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, 'a journey is listed twice')
    .describe('Every journey of the group, highest priority first: they get priorities 1, 2, 3…'),
  reason: Reason,
});
export type SetGroupOrder = z.input<typeof SetGroupOrder>;

const tag = 'Priorities';

export const getJourneyPriority = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/priority',
  tag,
  summary: "A journey's priority, exclusive group and pre-empt setting",
  access: 'workflow:read',
  params: WorkflowParams,
  responses: { 200: { description: 'Priority settings', schema: JourneyPrioritySettings } },
});

export const setJourneyPriority = defineRoute({
  method: 'put',
  path: '/v1/workflows/{id}/priority',
  tag,
  summary: 'Set the priority, exclusive group and pre-empt of a journey (no publish; audited before/after)',
  description:
    'Takes effect for the next events. Contacts already enrolled stay where they are: an enrollment keeps ' +
    'the group it was made in until it ends.',
  access: 'workflow:publish',
  params: WorkflowParams,
  body: SetJourneyPriority,
  responses: { 200: { description: 'The settings now', schema: JourneyPrioritySettings } },
});

export const listJourneyPriorities = defineRoute({
  method: 'get',
  path: '/v1/journey-priorities',
  tag,
  summary: 'Journeys by exclusive group and priority, with how many contacts each pair both qualified for',
  description:
    'A contact qualified for a journey when its trigger accepted one of their events in the last 30 days: ' +
    'it was enrolled, or not enrolled because another journey of its group won.',
  access: 'workflow:read',
  responses: { 200: { description: 'Priorities', schema: JourneyPriorities } },
});

export const setGroupOrder = defineRoute({
  method: 'put',
  path: '/v1/journey-priorities/order',
  tag,
  summary: "Reorder a group's journeys in one change: priorities 1, 2, 3… in the order given (audited)",
  access: 'workflow:publish',
  body: SetGroupOrder,
  responses: {
    200: { description: 'Priorities', schema: JourneyPriorities },
    422: { description: 'The list is not exactly the journeys of the group' },
  },
});

export const journeyPriorityRoutes = [
  getJourneyPriority,
  setJourneyPriority,
  listJourneyPriorities,
  setGroupOrder,
] as const;
