import { z } from 'zod';
import { Instant, limitQuery, SafeJson, SafeString } from './primitives.js';
import { defineRoute } from './route.js';
import { WorkflowParams } from './workflows.js';

const tag = 'Workflows';

/** A run's name: its local wall time, the same in every time zone (e.g. 2026-12-24T09:00). */
const Slot = z.string().describe('The run as a local date and time, e.g. 2026-12-24T09:00');

export const SchedulePreviewRequest = z.strictObject({
  segment: SafeString.min(1).max(200).describe('The segment whose contacts each run enrols'),
  schedule: SafeJson.describe(
    "The trigger's schedule: { repeat: 'once', at } | { repeat: 'daily', time } | { repeat: 'weekly', days, time } | { repeat: 'monthly', day, time } | { repeat: 'cron', cron }, each with zone 'journey' or 'contact'",
  ),
  timezone: SafeString.max(100).optional().describe("The journey's time zone (default: the draft's)"),
  count: z.number().int().min(1).max(20).optional().describe('How many next runs (default 5)'),
});
export type SchedulePreviewRequest = z.input<typeof SchedulePreviewRequest>;

export const ScheduledRunPreview = z.strictObject({
  slot: Slot,
  startsAt: Instant.describe('When the run starts (contact time zones: the first zone to reach it)'),
  endsAt: Instant.describe('When it ends (contact time zones: the last zone to reach it)'),
});

export const SchedulePreview = z.strictObject({
  description: z.string().describe("The schedule in words, e.g. 'Every Monday at 09:00'"),
  timezone: z.string().describe("The journey's time zone used"),
  runs: z
    .array(ScheduledRunPreview)
    .describe('The next runs after now (none: a one-off whose time has passed)'),
  segment: z.string(),
  segmentFound: z.boolean().describe('Whether the workspace has that segment'),
  contacts: z
    .number()
    .int()
    .describe('How many contacts are in the segment now, so would enter at a run now'),
});
export type SchedulePreview = z.infer<typeof SchedulePreview>;

export const schedulePreview = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/schedule-preview',
  tag,
  summary: "A scheduled trigger's next runs and how many contacts would enter now",
  access: 'workflow:read',
  params: WorkflowParams,
  body: SchedulePreviewRequest,
  responses: {
    200: { description: 'The next runs and the count', schema: SchedulePreview },
    404: { description: 'Unknown workflow' },
  },
});

export const ScheduledRun = z.strictObject({
  version: z.number().int(),
  slot: Slot,
  segment: z.string(),
  startsAt: Instant,
  endsAt: Instant,
  state: z.enum(['planned', 'running', 'done', 'skipped']),
  contacts: z.number().int().describe('Contacts of the segment the run reached'),
  enrolled: z.number().int().describe('How many of them it enrolled (re-entry rules may leave some out)'),
  note: z.string().nullable().describe('Why a run was skipped'),
  finishedAt: Instant.nullable(),
});
export type ScheduledRun = z.infer<typeof ScheduledRun>;

export const listScheduledRuns = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/scheduled-runs',
  tag,
  summary: "A scheduled journey's runs, newest first: planned, running, done or skipped, with counts",
  access: 'workflow:read',
  params: WorkflowParams,
  query: z.strictObject({ limit: limitQuery(50, 500) }),
  responses: {
    200: { description: 'The runs', schema: z.strictObject({ items: z.array(ScheduledRun) }) },
    404: { description: 'Unknown workflow' },
  },
});

export const scheduleRoutes = [schedulePreview, listScheduledRuns] as const;
