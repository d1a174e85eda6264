import { z } from 'zod';
import { LedgerQuery, Requeued } from './messages.js';
import { EntryId, Instant, NOT_FOUND, SafeString, Uuid } from './primitives.js';
import { defineRoute } from './route.js';

/**
 * A sales handoff from the ledger: its delivery state, and the handoff as the node described it
 * (assignment, priority, signals…; pack nodes may add fields of their own).
 */
export const HandoffEntry = z.looseObject({
  id: z.string(),
  state: z.string().describe('pending, sent, delivered-to-ledger, dead'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  workflowId: Uuid,
  version: z.number().int(),
  nodeId: z.string(),
  contactId: z.string(),
  createdAt: Instant,
  sentAt: Instant.nullable(),
  note: z.string().optional().describe('The note as sales reads it, once rendered for delivery'),
  noteTemplate: z.string().optional(),
  priority: z.string().optional(),
  assignment: z.record(z.string(), z.unknown()).optional(),
  signals: z.record(z.string(), z.unknown()).optional(),
  delivery: z.record(z.string(), z.unknown()).nullable().describe('Who it went to and how, once delivered'),
});
export type HandoffEntry = z.infer<typeof HandoffEntry>;

export const HandoffsPage = z.object({
  items: z.array(HandoffEntry),
  next: z.string().nullable().describe('Pass as `before` for the next page'),
});

/** A handoff's state as listed: `delivered-to-ledger` is a `sent` one recorded without a CRM endpoint. */
export const HandoffState = z.enum(['pending', 'sent', 'delivered-to-ledger', 'dead', 'failed']);

export const HandoffsQuery = LedgerQuery.extend({
  owner: SafeString.trim()
    .min(1)
    .max(320)
    .optional()
    .describe('Only handoffs assigned to this owner (email or CRM id, case-insensitive)'),
  state: HandoffState.optional().describe('Only handoffs in this state'),
});

export const HandoffOwner = z.object({ owner: z.string(), count: z.number().int() });

export const listHandoffs = defineRoute({
  method: 'get',
  path: '/v1/handoffs',
  tag: 'Execution',
  summary:
    'Sales handoffs with owner, priority, note, signals and delivery state (pending, sent, delivered-to-ledger, dead)',
  access: 'contact:read',
  query: HandoffsQuery,
  responses: {
    200: { description: 'Newest first; `next` is the cursor for `before`', schema: HandoffsPage },
  },
});

export const listHandoffOwners = defineRoute({
  method: 'get',
  path: '/v1/handoff-owners',
  tag: 'Execution',
  summary: 'Everyone handoffs were assigned to, with how many each (for filters)',
  access: 'contact:read',
  responses: {
    200: { description: 'Owners, most handoffs first', schema: z.object({ items: z.array(HandoffOwner) }) },
  },
});

export const retryHandoff = defineRoute({
  method: 'post',
  path: '/v1/handoffs/{id}/retry',
  tag: 'Execution',
  summary: 'Retry a dead-lettered handoff: back to pending with a fresh retry schedule (audited)',
  access: 'workflow:publish',
  params: z.object({ id: EntryId.meta({ [NOT_FOUND]: 'Handoff' }) }),
  responses: {
    202: { description: 'Queued for delivery', schema: Requeued },
    404: { description: 'Unknown handoff' },
    409: { description: 'The handoff is not dead-lettered' },
  },
});

export const handoffRoutes = [listHandoffs, listHandoffOwners, retryHandoff] as const;
