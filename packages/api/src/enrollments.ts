import { z } from 'zod';
import { EntryId, Instant, NOT_FOUND } from './primitives.js';
import { defineRoute } from './route.js';

/** A failed step the runtime is trying again, while it does (what the trace shows meanwhile). */
export const RetryingStep = z.object({
  nodeId: z.string().nullable(),
  attempt: z.number().int().describe('The next try, e.g. 3 (of `of`)'),
  of: z.number().int().describe('Tries in all before the step is recorded as failed'),
  nextAt: Instant.describe('When the next try runs'),
  error: z.string().describe('Why the last try failed'),
});
export type RetryingStep = z.infer<typeof RetryingStep>;

/**
 * What `POST /v1/enrollments/{id}/retry` would do now: run the failed step again (`step`), send
 * the step's ambiguous or failed email or dead handoff again (`delivery`), or try a retrying step
 * now instead of at its next time (`now`).
 */
export const RetryOption = z.object({
  kind: z.enum(['step', 'delivery', 'now']),
  nodeId: z.string(),
  warning: z
    .string()
    .nullable()
    .describe('Set when the step may already have done its work (not idempotent): retrying may repeat it'),
});
export type RetryOption = z.infer<typeof RetryOption>;

export const RetryResult = z.object({
  enrollmentId: z.string(),
  kind: RetryOption.shape.kind,
  nodeId: z.string(),
  state: z.string().describe("The enrollment's state now"),
});
export type RetryResult = z.infer<typeof RetryResult>;

export const retryEnrollment = defineRoute({
  method: 'post',
  path: '/v1/enrollments/{id}/retry',
  tag: 'Execution',
  summary:
    "Retry a contact's failed, ambiguous or retrying step: the journey resumes from that step (audited)",
  description:
    "A failed journey is reopened at the step that failed and runs it again; a step waiting on an ambiguous or failed email (or a dead handoff) sends it again; a step the runtime is retrying is tried now. The contact's trace records who retried.",
  access: 'workflow:publish',
  params: z.object({ id: EntryId.meta({ [NOT_FOUND]: 'Enrollment' }) }),
  responses: {
    202: { description: 'Queued: the walk resumes from the step', schema: RetryResult },
    404: { description: 'Unknown enrollment' },
    409: {
      description:
        'Nothing to retry (the journey is running, waiting or ended normally), or the contact re-entered the journey since',
    },
  },
});

export const enrollmentRoutes = [retryEnrollment] as const;
