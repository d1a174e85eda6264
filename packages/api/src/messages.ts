import { z } from 'zod';
import { ContactId, EntryId, Instant, NOT_FOUND, Uuid } from './primitives.js';
import { defineRoute } from './route.js';

/** Filters shared by the ledger listings (messages, handoffs). */
export const LedgerQuery = z.object({
  contactId: ContactId.optional(),
  workflowId: Uuid.optional(),
  before: EntryId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** An email from the ledger with its delivery state and, once rendered, the message itself. */
export const MessageEntry = z.object({
  id: z.string(),
  state: z.string().describe('pending, sending, sent, failed, ambiguous, skipped'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  workflowId: Uuid,
  version: z.number().int(),
  nodeId: z.string(),
  contactId: z.string(),
  createdAt: Instant,
  sentAt: Instant.nullable(),
  message: z
    .object({
      messageId: z.string(),
      to: z.string(),
      from: z.string(),
      subject: z.string(),
      html: z.string().nullable(),
      text: z.string().nullable(),
      headers: z.record(z.string(), z.unknown()),
      caughtAt: Instant.nullable(),
    })
    .nullable(),
});
export type MessageEntry = z.infer<typeof MessageEntry>;

export const MessagesPage = z.object({
  items: z.array(MessageEntry),
  next: z.string().nullable().describe('Pass as `before` for the next page'),
});

/** What a resend or retry queued. */
export const Requeued = z.object({ id: z.string(), state: z.string() });

export const listMessages = defineRoute({
  method: 'get',
  path: '/v1/messages',
  tag: 'Execution',
  summary:
    'Emails from the ledger: state (pending, sending, sent, failed, ambiguous, skipped), node, contact, the message as sent',
  access: 'contact:read',
  query: LedgerQuery,
  responses: {
    200: { description: 'Newest first; `next` is the cursor for `before`', schema: MessagesPage },
  },
});

export const resendMessage = defineRoute({
  method: 'post',
  path: '/v1/messages/{id}/resend',
  tag: 'Execution',
  summary:
    'Send an ambiguous or failed email again (never automatic): same Message-ID, send checks applied again, audited',
  access: 'workflow:publish',
  params: z.object({ id: EntryId.meta({ [NOT_FOUND]: 'Email' }) }),
  responses: {
    202: { description: 'Queued for delivery', schema: Requeued },
    404: { description: 'Unknown email' },
    409: { description: 'The email is not ambiguous or failed' },
  },
});

export const messageRoutes = [listMessages, resendMessage] as const;
