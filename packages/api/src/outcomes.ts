import { z } from 'zod';
import { EntryId, NOT_FOUND, SafeString, Timestamp } from './primitives.js';
import { defineRoute } from './route.js';
import { WorkflowParams } from './workflows.js';

/** What sales made of a handoff, as the CRM reports it. */
export const HANDOFF_OUTCOMES = ['accepted', 'rejected', 'won', 'lost'] as const;

const When = Timestamp.optional().describe('When it happened in the CRM (ISO-8601); default: when received');

/** `POST /v1/handoffs/{id}/outcome`: one of four outcomes, each with what it needs. */
export const HandoffOutcomeInput = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('accepted'), occurredAt: When }),
  z.object({
    outcome: z.literal('rejected'),
    reason: SafeString.trim().min(1, 'say why the lead was rejected').max(500),
    occurredAt: When,
  }),
  z.object({
    outcome: z.literal('won'),
    amount: z.number().finite().nonnegative().max(1e12).describe('Deal value, e.g. 12000'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals, e.g. EUR')
      .describe('ISO 4217 currency code, e.g. EUR'),
    occurredAt: When,
  }),
  z.object({ outcome: z.literal('lost'), reason: SafeString.trim().max(500).optional(), occurredAt: When }),
]);
export type HandoffOutcomeInput = z.infer<typeof HandoffOutcomeInput>;

export const HandoffOutcomeRecorded = z.object({
  handoffId: z.string(),
  outcome: z.enum(HANDOFF_OUTCOMES),
  event: z
    .object({ id: z.string(), type: z.string() })
    .describe('The event journeys can wait for or branch on'),
  duplicate: z.boolean().describe('This outcome of this handoff was recorded before: nothing changed'),
});

export const recordHandoffOutcome = defineRoute({
  method: 'post',
  path: '/v1/handoffs/{id}/outcome',
  tag: 'Execution',
  summary:
    'Sales feedback from the CRM (accepted, rejected with a reason, won with amount and currency, lost): stored as a handoff.<outcome> event (ingest key)',
  access: 'event:write',
  params: z.object({ id: EntryId.meta({ [NOT_FOUND]: 'Handoff' }) }),
  body: HandoffOutcomeInput,
  responses: {
    200: {
      description: 'Recorded before (idempotent per handoff and outcome)',
      schema: HandoffOutcomeRecorded,
    },
    201: { description: 'Recorded and acted on like any event', schema: HandoffOutcomeRecorded },
    404: { description: 'Unknown handoff' },
  },
});

const Rate = z.number().min(0).max(1).nullable();

/** Outcome counts of a group of handoffs and how fast they converted. */
export const OutcomeGroup = z.object({
  handoffs: z.number().int(),
  accepted: z.number().int().describe('Accepted (won and lost ones count as accepted too)'),
  rejected: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  awaiting: z.number().int().describe('No outcome yet'),
  acceptanceRate: Rate.describe('Accepted / (accepted + rejected); null before any answer'),
  winRate: Rate.describe('Won / handoffs'),
  medianHoursToWon: z.number().nullable().describe('Median time from enrolment to won, in hours'),
  wonAmount: z.record(z.string(), z.number()).describe('Sum of won deals by currency'),
});
export type OutcomeGroup = z.infer<typeof OutcomeGroup>;

export const SalesOutcomes = z.object({
  workflowId: z.string(),
  total: OutcomeGroup,
  byVersion: z.array(OutcomeGroup.extend({ version: z.number().int() })),
  bySegment: z
    .array(OutcomeGroup.extend({ segment: z.string() }))
    .describe('Segments the contacts were in when handed off; fastest to won first, then by win rate'),
});
export type SalesOutcomes = z.infer<typeof SalesOutcomes>;

export const salesOutcomes = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/sales-outcomes',
  tag: 'Execution',
  summary:
    "What sales made of the journey's handoffs: acceptance rate and time from enrolment to won, per version and per segment",
  access: 'contact:read',
  params: WorkflowParams,
  responses: { 200: { description: 'Outcomes', schema: SalesOutcomes } },
});

export const outcomeRoutes = [recordHandoffOutcome, salesOutcomes] as const;
