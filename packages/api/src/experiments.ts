import { z } from 'zod';
import { SafeString } from './primitives.js';
import { defineRoute } from './route.js';
import { VersionSummary } from './versions.js';
import { WorkflowParams } from './workflows.js';

const Rate = z.number().min(0).max(1).nullable();
const Percent = z.number().min(0).max(100);
const Reason = SafeString.trim().min(1, 'say why (it goes to the audit log)').max(2000);

/** A group against its baseline (treated vs control, or an arm vs the first arm). */
export const Comparison = z.object({
  rate: Rate.describe('Goal conversion rate of the group compared'),
  baselineRate: Rate.describe('Goal conversion rate of the baseline (control, or the first arm)'),
  difference: z.number().nullable().describe('rate − baselineRate'),
  relativeLift: z.number().nullable().describe('difference / baselineRate (0.12 = 12% more conversions)'),
  interval: z
    .tuple([z.number(), z.number()])
    .nullable()
    .describe('95% confidence interval of the difference'),
  pValue: z.number().nullable().describe('Two-sided p-value of the difference'),
  neededPerGroup: z
    .number()
    .int()
    .nullable()
    .describe('Contacts each group needs to tell the observed difference apart (α 0.05, power 80%)'),
  enoughData: z.boolean().describe("False: 'not enough data yet'"),
});
export type Comparison = z.infer<typeof Comparison>;

export const RolloutSide = z.object({
  version: z.number().int(),
  side: z.enum(['live', 'rollout', 'earlier']),
  percent: Percent.describe('Share of new enrolments it takes now'),
  enrolments: z.number().int().describe('Treated enrolments (the control group apart)'),
  controlEnrolments: z.number().int(),
  sends: z.number().int().describe('Emails sent'),
  openRate: Rate,
  clickRate: Rate,
  replyRate: Rate,
  conversions: z.number().int().describe('Goal conversions of treated contacts'),
  controlConversions: z.number().int(),
  handoffs: z.number().int().describe('Sales handoffs sent'),
  lift: Comparison.nullable().describe('Treated against control (null without a control group)'),
});
export type RolloutSide = z.infer<typeof RolloutSide>;

export const RolloutReport = z.object({
  activeVersion: z.number().int().nullable(),
  rolloutVersion: z.number().int().nullable(),
  rolloutPercent: Percent,
  controlPercent: Percent,
  sides: z.array(RolloutSide),
});
export type RolloutReport = z.infer<typeof RolloutReport>;

export const RolloutSettings = z.object({
  activeVersion: z.number().int().nullable(),
  rolloutVersion: z.number().int().nullable(),
  rolloutPercent: Percent,
  controlPercent: Percent,
});
export type RolloutSettings = z.infer<typeof RolloutSettings>;

export const SetRollout = z.object({
  version: z.number().int().positive().max(2_147_483_647).describe('The newer version to roll out'),
  percent: Percent.multipleOf(0.01).describe('Share of new enrolments on it; 100 makes it the live version'),
  reason: Reason,
});
export const SetControlGroup = z.object({
  percent: z.number().min(0).max(50).multipleOf(0.01).describe('Share of would-be enrolments held out'),
  reason: Reason,
});

const tag = 'Experiments';

export const getRollout = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/rollout',
  tag,
  summary: 'Each side of a rollout: enrolments, sends, engagement, conversions, handoffs, lift vs control',
  access: 'workflow:read',
  params: WorkflowParams,
  responses: { 200: { description: 'The rollout', schema: RolloutReport } },
});

export const setRollout = defineRoute({
  method: 'put',
  path: '/v1/workflows/{id}/rollout',
  tag,
  summary: 'Roll a newer version out to a share of new enrolments (audited with the reason)',
  access: 'workflow:publish',
  params: WorkflowParams,
  body: SetRollout,
  responses: {
    200: { description: 'The rollout now', schema: RolloutSettings },
    409: { description: 'The journey is not live (activate a version first)' },
    422: { description: 'The version is already live for everyone' },
  },
});

export const setControlGroup = defineRoute({
  method: 'put',
  path: '/v1/workflows/{id}/control-group',
  tag,
  summary: 'Hold out a share of would-be enrolments as a control group (audited with the reason)',
  access: 'workflow:publish',
  params: WorkflowParams,
  body: SetControlGroup,
  responses: { 200: { description: 'The settings now', schema: RolloutSettings } },
});

export const ArmReport = z.object({
  id: z.string(),
  label: z.string(),
  weight: z.number(),
  contacts: z.number().int().describe('Contacts that took the arm'),
  conversions: z.number().int().describe('Of those, goal conversions'),
  rate: Rate,
  comparison: Comparison.nullable().describe('Against the first arm (null for the first arm)'),
});
export type ArmReport = z.infer<typeof ArmReport>;

export const SplitReport = z.object({
  nodeId: z.string(),
  label: z.string(),
  plannedPerArm: z.number().int().nullable(),
  status: z
    .enum(['not-enough-data', 'ready'])
    .describe(
      "'not-enough-data' until each arm has the planned sample (or the one the observed difference needs)",
    ),
  arms: z.array(ArmReport),
});
export type SplitReport = z.infer<typeof SplitReport>;

export const ExperimentReport = z.object({ version: z.number().int(), experiments: z.array(SplitReport) });
export type ExperimentReport = z.infer<typeof ExperimentReport>;

export const ExperimentQuery = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'must be a version number')
    .transform(Number)
    .optional()
    .describe('Default: the live version'),
});

export const DeclareWinner = z.object({
  arm: SafeString.min(1).max(200).describe('The id of the winning arm'),
  message: SafeString.trim()
    .min(1)
    .max(2000)
    .optional()
    .describe("The new version's message (one is written when left out)"),
  activate: z.boolean().optional().describe('Make the new version live (default: when the journey is live)'),
});

const NodeParams = WorkflowParams.extend({
  nodeId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'a node id'),
});

export const getExperiments = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/experiments',
  tag,
  summary: "A version's split steps, each arm's contacts and conversion against the first arm",
  access: 'workflow:read',
  params: WorkflowParams,
  query: ExperimentQuery,
  responses: { 200: { description: 'The report', schema: ExperimentReport } },
});

export const declareWinner = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/experiments/{nodeId}/winner',
  tag,
  summary: 'Publish a new version in which the split is replaced by the winning arm',
  access: 'workflow:publish',
  params: NodeParams,
  body: DeclareWinner,
  responses: {
    201: { description: 'Published (live when the journey is)', schema: VersionSummary },
    409: { description: 'The draft has unpublished changes, or no version has been published' },
    422: { description: 'No such split or arm, or the new graph fails its checks or test cases' },
  },
});

export const experimentRoutes = [
  getRollout,
  setRollout,
  setControlGroup,
  getExperiments,
  declareWinner,
] as const;
