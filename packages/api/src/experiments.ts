import { z } from 'zod';
import { SafeString } from './primitives.js';
import { defineRoute } from './route.js';
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

export const experimentRoutes = [getRollout, setRollout, setControlGroup] as const;
