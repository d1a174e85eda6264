import { z } from 'zod';
import { Instant, pathUuid, SafeRecord, SafeString, Uuid } from './primitives.js';
import { defineRoute } from './route.js';
import { PinnedArms, SimulatedEvent } from './simulate.js';
import { WorkflowParams } from './workflows.js';

/** How many contacts a version holds, by enrollment state. */
export const VersionContacts = z.object({
  version: z.number().int(),
  contacts: z.number().int().describe('Every enrollment ever pinned to this version'),
  inJourney: z.number().int().describe('Still in the journey (active or parked on a wait)'),
  converted: z.number().int(),
  completed: z.number().int(),
  exited: z.number().int(),
  failed: z.number().int(),
});
export type VersionContacts = z.infer<typeof VersionContacts>;

export const WorkflowInsights = z.object({
  workflowId: z.string(),
  versions: z.array(VersionContacts),
  enrolments: z
    .array(z.object({ at: Instant, version: z.number().int(), count: z.number().int() }))
    .describe('Enrolments per hour over the last `hours`, oldest first'),
  engagement: z.array(
    z.object({
      nodeId: z.string(),
      opened: z.number().int(),
      clicked: z.number().int(),
      replied: z.number().int(),
    }),
  ),
});
export type WorkflowInsights = z.infer<typeof WorkflowInsights>;

/** A saved simulation: this contact, these events, and the node the journey should end on. */
export const TestCaseInput = z.strictObject({
  name: SafeString.trim().min(1).max(200),
  contact: SafeRecord,
  events: z.array(SimulatedEvent).max(200),
  expectedEnd: SafeString.min(1).max(200).describe('Id of the node the journey should end on'),
  pinned: PinnedArms.optional(),
});
export type TestCaseInput = z.infer<typeof TestCaseInput>;

export const TestCase = z.object({
  id: Uuid,
  name: z.string(),
  contact: z.record(z.string(), z.unknown()),
  events: z.array(SimulatedEvent),
  expectedEnd: z.string(),
  pinned: z.record(z.string(), z.string()).describe('Split arms the case pins: split node id → arm id'),
  createdBy: z.string(),
  createdAt: Instant,
});
export type TestCase = z.infer<typeof TestCase>;

export const TestCaseResult = z.object({
  id: Uuid,
  name: z.string(),
  passed: z.boolean(),
  expectedEnd: z.string(),
  actualEnd: z.string().nullable().describe('Where the simulated journey ended; null when it never enrolled'),
  outcome: z.string(),
  error: z.string().optional(),
});
export type TestCaseResult = z.infer<typeof TestCaseResult>;

export const TestRun = z.object({ passed: z.boolean(), results: z.array(TestCaseResult) });

const tag = 'Operate';

export const workflowInsights = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/insights',
  tag,
  summary: 'Contacts per version, enrolments per hour and per-node opens/clicks/replies',
  access: 'workflow:read',
  params: WorkflowParams,
  query: z.object({
    hours: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(48),
  }),
  responses: { 200: { description: 'Insights', schema: WorkflowInsights } },
});

export const listTestCases = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/test-cases',
  tag,
  summary: 'Saved simulation test cases of a workflow',
  access: 'workflow:read',
  params: WorkflowParams,
  responses: {
    200: { description: 'Test cases, oldest first', schema: z.object({ items: z.array(TestCase) }) },
  },
});

export const createTestCase = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/test-cases',
  tag,
  summary: 'Save a test case: contact, events and the node the journey should end on',
  access: 'workflow:write',
  params: WorkflowParams,
  body: TestCaseInput,
  responses: { 201: { description: 'Saved', schema: TestCase } },
});

export const deleteTestCase = defineRoute({
  method: 'delete',
  path: '/v1/workflows/{id}/test-cases/{caseId}',
  tag,
  summary: 'Delete a test case',
  access: 'workflow:write',
  params: WorkflowParams.extend({ caseId: pathUuid('Test case') }),
  responses: { 200: { description: 'Deleted', schema: z.object({ deleted: z.literal(true) }) } },
});

export const runTestCases = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/test-cases/run',
  tag,
  summary: 'Simulate every test case against the draft (or a version) and compare end nodes',
  access: 'workflow:read',
  params: WorkflowParams,
  body: z.strictObject({ version: z.number().int().min(1).max(2_147_483_647).optional() }),
  responses: { 200: { description: '`passed` and one result per case', schema: TestRun } },
});

export const overrideTestCases = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/test-cases/override',
  tag,
  summary: 'Record (in the audit log) why a version is published although test cases fail',
  access: 'workflow:publish',
  params: WorkflowParams,
  body: z.strictObject({
    reason: SafeString.trim().min(1, 'say why publishing despite failing tests is fine').max(2000),
    failed: z.array(SafeString.max(200)).max(200),
  }),
  responses: { 201: { description: 'Recorded', schema: z.object({ recorded: z.literal(true) }) } },
});

export const operateRoutes = [
  workflowInsights,
  listTestCases,
  createTestCase,
  deleteTestCase,
  runTestCases,
  overrideTestCases,
] as const;
