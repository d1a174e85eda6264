import { z } from 'zod';
import { GraphDocument } from './graphs.js';
import { SafeRecord, SafeString, Timestamp } from './primitives.js';
import { defineRoute } from './route.js';
import { WorkflowParams } from './workflows.js';

/** An event of a simulation or test case, `after` the start (ISO-8601 duration or milliseconds). */
export const SimulatedEvent = z.strictObject({
  after: z.union([SafeString.max(64), z.number().min(0)]).describe('ISO-8601 duration or ms after start'),
  type: SafeString.min(1).max(200),
  properties: SafeRecord.optional(),
});
export type SimulatedEvent = z.infer<typeof SimulatedEvent>;

/** Split arms a simulation or test case pins: split node id → arm id. */
export const PinnedArms = z
  .record(SafeString.min(1).max(200), SafeString.min(1).max(200))
  .refine((pins) => Object.keys(pins).length <= 50, 'at most 50 pins')
  .describe('Split arms to take: split node id → arm id (instead of the hashed arm)');

export const SimulateRequest = z.strictObject({
  graph: GraphDocument.optional().describe('A graph to simulate instead of the draft'),
  version: z
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .optional()
    .describe('A published version to simulate instead of the draft'),
  contact: SafeRecord.describe('Contact attributes (and optionally its id)'),
  events: z.array(SimulatedEvent).max(1000),
  start: Timestamp.optional().describe('Virtual start instant; defaults to now'),
  pinned: PinnedArms.optional(),
});
export type SimulateRequest = z.input<typeof SimulateRequest>;

/** A trace row's decision: compact, without its reason and effect payload. */
export const StepDecision = z.union([
  z.strictObject({ next: z.string(), effect: z.string().optional() }),
  z.strictObject({ wait: z.strictObject({ until: z.string() }), next: z.string() }),
  z.strictObject({
    waitFor: z.strictObject({ event: z.string(), timeoutAt: z.string() }),
    onEvent: z.string(),
    onTimeout: z.string(),
  }),
  z.strictObject({ exit: z.enum(['completed', 'filtered']) }),
  z.strictObject({ resumed: z.string(), by: z.enum(['event', 'timeout', 'time', 'delivery']) }),
  z.strictObject({ converted: z.strictObject({ event: z.string() }) }),
  z.strictObject({ exited: z.strictObject({ rule: z.string(), event: z.string() }) }),
  z.strictObject({ error: z.string() }),
  z.strictObject({
    notEnrolled: z.strictObject({ group: z.string(), winner: z.string(), priority: z.number().int() }),
  }),
  z.strictObject({
    preempted: z.strictObject({ group: z.string(), by: z.string(), priority: z.number().int() }),
  }),
]);

export const Reason = z.object({
  summary: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** What a step would have sent or handed off (nothing is, in a simulation). */
export const Effect = z.looseObject({ kind: z.string() });

export const SimulatedStep = z.object({
  nodeId: z.string(),
  nodeType: z.string(),
  decision: StepDecision,
  reason: Reason.nullable(),
  output: z.string().nullable(),
  effect: Effect.optional(),
  at: z.string(),
});

export const SimulatedWait = z.object({
  nodeId: z.string(),
  kind: z.enum(['until', 'event']),
  since: z.string(),
  until: z.string().describe('When the wait would end by itself: the instant, or the event timeout'),
  event: z.string().optional(),
  resumedAt: z.string().nullable(),
  resumedBy: z.enum(['time', 'event', 'timeout', 'goal', 'exit-rule', 'preempted']).nullable(),
});

export const SimulationResult = z.object({
  enrolled: z.boolean(),
  cohort: z
    .enum(['treated', 'control'])
    .optional()
    .describe("'control': held out, only the goal is followed"),
  enteredAt: z.string().nullable(),
  outcome: z.enum(['not-enrolled', 'completed', 'filtered', 'failed', 'converted', 'exited', 'stopped']),
  endedAt: z.string().nullable(),
  error: z.string().optional(),
  path: z.array(SimulatedStep),
  waits: z.array(SimulatedWait),
  effects: z.array(z.object({ nodeId: z.string(), at: z.string(), effect: Effect })),
});
export type SimulationResult = z.infer<typeof SimulationResult>;

export const simulateWorkflow = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/simulate',
  tag: 'Execution',
  summary: 'Simulate a journey for one contact on a virtual clock',
  description:
    'Runs the draft (or `version`, or the given `graph`) with the same executors as the runtime and no side ' +
    'effects. Returns the path, each decision with its reason, waits with their resume times and the effects ' +
    'that would have happened.',
  access: 'workflow:read',
  params: WorkflowParams,
  body: SimulateRequest,
  responses: {
    200: { description: 'The simulation', schema: SimulationResult },
    422: { description: 'The graph cannot run' },
  },
});

export const simulateRoutes = [simulateWorkflow] as const;
