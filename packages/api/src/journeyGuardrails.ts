import { z } from 'zod';
import { Instant } from './primitives.js';
import { defineRoute } from './route.js';
import { WorkflowParams } from './workflows.js';

const Threshold = z.number().min(0).max(1).multipleOf(0.00001).nullable();

export const JourneyGuardrailSettings = z.strictObject({
  maxUnsubscribeRate: Threshold.describe(
    'Pause when more than this share of tracked emails is unsubscribed from (0.02 = 2%); null: off',
  ),
  maxFailureRate: Threshold.describe('Pause when more than this share of emails fails; null: off'),
  maxComplaintRate: Threshold.describe(
    'Pause when more than this share of contacts emailed bounces or complains; null: off',
  ),
  minSample: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .describe('Emails a version must have sent before it is judged'),
});
export type JourneyGuardrailSettings = z.infer<typeof JourneyGuardrailSettings>;

const Rate = z.number().min(0).max(1).nullable();
const Metric = z.enum(['unsubscribe', 'failure', 'complaint']);

export const JourneyGuardrailReport = z.object({
  settings: JourneyGuardrailSettings.nullable().describe('Null: no guardrails on this journey'),
  versions: z.array(
    z.object({
      version: z.number().int(),
      side: z.enum(['live', 'rollout']),
      sample: z.number().int().describe('Emails settled (sent, failed or dead)'),
      unsubscribeRate: Rate,
      failureRate: Rate,
      complaintRate: Rate,
      crossed: Metric.nullable().describe('The threshold it crosses now (acted on within a minute)'),
    }),
  ),
  trips: z
    .array(
      z.object({
        at: Instant,
        version: z.number().int(),
        action: z.enum(['paused', 'rollout-stopped']),
        metric: Metric,
        rate: z.number(),
        threshold: z.number(),
        sample: z.number().int(),
        summary: z.string().describe("In words: 'email failure rate 12.5% over 10% on 160 emails of v3'"),
      }),
    )
    .describe('What the guardrails did, newest first'),
});
export type JourneyGuardrailReport = z.infer<typeof JourneyGuardrailReport>;

const tag = 'Experiments';

export const getJourneyGuardrails = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/guardrails',
  tag,
  summary: "A journey's guardrails, each live version's figures, and what the guardrails did",
  access: 'workflow:read',
  params: WorkflowParams,
  responses: { 200: { description: 'Guardrails', schema: JourneyGuardrailReport } },
});

export const setJourneyGuardrails = defineRoute({
  method: 'put',
  path: '/v1/workflows/{id}/guardrails',
  tag,
  summary: 'Set the thresholds that pause the journey (or stop a rollout) when crossed',
  access: 'workflow:publish',
  params: WorkflowParams,
  body: JourneyGuardrailSettings,
  responses: { 200: { description: 'Guardrails now', schema: JourneyGuardrailReport } },
});

export const journeyGuardrailRoutes = [getJourneyGuardrails, setJourneyGuardrails] as const;
