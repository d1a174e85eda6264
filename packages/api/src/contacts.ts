import { z } from 'zod';
import { RetryingStep, RetryOption } from './enrollments.js';
import {
  ContactId,
  EntryId,
  Instant,
  limitQuery,
  NOT_FOUND,
  SafeJson,
  SafeString,
  Uuid,
} from './primitives.js';
import { defineRoute } from './route.js';

export const ContactAttributes = z
  .record(SafeString.min(1).max(200), SafeJson)
  .refine((attributes) => !Object.hasOwn(attributes, 'id'), "'id' is the contact's id, not an attribute")
  .describe('Merged into the stored attributes; a null value removes that attribute');

export const PutContact = z.strictObject({ attributes: ContactAttributes });

export const Contact = z.object({
  id: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Contact = z.infer<typeof Contact>;

export const Enrollment = z.object({
  id: z.string(),
  workflowId: Uuid,
  version: z.number().int(),
  state: z.string(),
  nodeId: z.string(),
  waitEvent: z.string().nullable(),
  waitUntil: Instant.nullable(),
  startedAt: Instant,
  endedAt: Instant.nullable(),
  error: z.string().nullable().describe('Why the journey failed (failed enrollments)'),
  retrying: RetryingStep.nullable().describe('A failed step the runtime is trying again, while it does'),
  retry: RetryOption.nullable().describe('What an operator may retry now (POST /v1/enrollments/{id}/retry)'),
});
export type Enrollment = z.infer<typeof Enrollment>;

export const ContactDetail = Contact.extend({ enrollments: z.array(Enrollment) });
export type ContactDetail = z.infer<typeof ContactDetail>;

/** The ledger row of a step's email or handoff, as the contact got it: rendered, with its state. */
export const StepDelivery = z.object({
  effectId: z.string(),
  kind: z.string(),
  state: z
    .string()
    .describe('pending, sending, sent, delivered-to-ledger, skipped, failed, ambiguous, dead…'),
  sentAt: Instant.nullable(),
  subject: z.string().nullable().describe('Emails: the rendered subject, once claimed for sending'),
  to: z.string().nullable(),
  note: z.string().nullable().describe('Handoffs: the rendered note, once delivered'),
  owner: z.string().nullable(),
});
export type StepDelivery = z.infer<typeof StepDelivery>;

export const StepReason = z.looseObject({
  summary: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** One journey step a contact took: the decision and why. */
export const TraceStep = z.object({
  id: z.string(),
  enrollmentId: z
    .string()
    .nullable()
    .describe('Null for a line without an enrollment: not enrolled because another journey of its group won'),
  workflowId: Uuid,
  workflowName: z.string().nullable(),
  version: z.number().int(),
  nodeId: z.string(),
  nodeType: z.string(),
  at: Instant,
  output: z.string().nullable(),
  decision: z.unknown(),
  reason: StepReason.nullable(),
  delivery: StepDelivery.nullable().describe('The email or handoff this step wrote (null when none)'),
});
export type TraceStep = z.infer<typeof TraceStep>;

export const TracePage = z.object({
  items: z.array(TraceStep),
  next: z.string().nullable().describe('Pass as `after` for the next page'),
});

export const TraceQuery = z.object({
  after: EntryId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** Per-contact engagement, the `engagement` root gates read (`engagement.opens_30d`). */
export const Engagement = z.object({
  last_open_at: Instant.nullable(),
  last_click_at: Instant.nullable(),
  last_reply_at: Instant.nullable(),
  last_send_at: Instant.nullable(),
  opens_7d: z.number().int(),
  opens_30d: z.number().int(),
  opens_90d: z.number().int(),
  clicks_7d: z.number().int(),
  clicks_30d: z.number().int(),
  clicks_90d: z.number().int(),
  replies_7d: z.number().int(),
  replies_30d: z.number().int(),
  replies_90d: z.number().int(),
  sends_7d: z.number().int(),
  sends_30d: z.number().int(),
  sends_90d: z.number().int(),
  last_event_at: z.record(z.string(), Instant).describe('Newest event of each type, dots replaced by _'),
});
export type Engagement = z.infer<typeof Engagement>;

export const Erased = z.object({ erased: z.literal(true), counts: z.record(z.string(), z.number().int()) });

/** Where a journey holds the contact: `in-journey` (active or waiting, the default), `any`, or one state. */
export const JourneyState = z.enum([
  'in-journey',
  'any',
  'active',
  'waiting',
  'completed',
  'converted',
  'exited',
  'failed',
]);

/** A JSONLogic rule sent as JSON text in a query parameter (`filter={"==":[{"var":"contact.plan"},"pro"]}`). */
const FilterRule = SafeString.max(20_000).transform((text, ctx) => {
  try {
    const rule: unknown = JSON.parse(text);
    if (rule !== null && typeof rule === 'object') return rule;
  } catch {}
  ctx.addIssue({
    code: 'custom',
    message: 'must be a JSONLogic rule as JSON, e.g. {"==":[{"var":"contact.plan"},"pro"]}',
  });
  return z.NEVER;
});

export const ContactSearchQuery = z.object({
  q: SafeString.trim()
    .min(1)
    .max(200)
    .optional()
    .describe("A contact's exact id, or the start of its email address (case-insensitive)"),
  segment: SafeString.min(1).max(200).optional().describe('Only contacts in this named segment'),
  filter: FilterRule.optional().describe(
    'Only contacts this JSONLogic rule matches (reads `contact.*`, e.g. {"==":[{"var":"contact.plan"},"pro"]})',
  ),
  workflowId: Uuid.optional().describe('Only contacts enrolled in this journey'),
  nodeId: SafeString.min(1).max(200).optional().describe('With workflowId: only contacts at this step'),
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .optional()
    .describe('With workflowId: only contacts on this version'),
  state: JourneyState.optional().describe(
    'With workflowId: where the journey holds them (default in-journey)',
  ),
  limit: limitQuery(50, 200),
  cursor: SafeString.max(1000).optional().describe("The previous page's `next`"),
});

/** Where a journey holds a found contact (with workflowId): the newest matching enrollment. */
export const ContactJourney = z.object({
  enrollmentId: z.string(),
  workflowId: Uuid,
  version: z.number().int(),
  nodeId: z.string(),
  state: z.string(),
  startedAt: Instant,
  since: Instant.describe('When the contact reached this step (its newest trace step)'),
});
export type ContactJourney = z.infer<typeof ContactJourney>;

export const ContactMatch = Contact.extend({ journey: ContactJourney.nullable() });
export type ContactMatch = z.infer<typeof ContactMatch>;

export const ContactSearchPage = z.object({
  items: z.array(ContactMatch),
  next: z
    .string()
    .nullable()
    .describe('Pass as `cursor` for the next page; a page checked by rules may hold fewer than `limit`'),
  scanned: z.number().int().describe('Contacts this page looked at (rules are checked on at most 5,000)'),
});
export type ContactSearchPage = z.infer<typeof ContactSearchPage>;

const ContactParams = z.object({
  id: ContactId.meta({ description: 'The contact id you chose (1–200 characters)' }),
});
const tag = 'Contacts';

export const searchContacts = defineRoute({
  method: 'get',
  path: '/v1/contacts',
  tag,
  summary:
    'Find contacts by id, email prefix, attributes (a JSONLogic filter), segment, or where they are in a journey',
  description:
    'Ordered by email when `q` is given (an exact id match first), by journey position with `workflowId`, else by id; paged with a stable cursor.',
  access: 'contact:read',
  query: ContactSearchQuery,
  responses: {
    200: { description: 'One page of contacts', schema: ContactSearchPage },
    404: { description: 'Unknown segment' },
  },
});

export const putContact = defineRoute({
  method: 'put',
  path: '/v1/contacts/{id}',
  tag,
  summary: 'Create or update a contact (attributes are merged)',
  description: 'A contact that newly matches a segment an active trigger starts on is enrolled.',
  access: 'contact:write',
  params: ContactParams,
  body: PutContact,
  responses: {
    200: {
      description: 'The contact and the segments it just entered',
      schema: Contact.extend({ enteredSegments: z.array(z.string()) }),
    },
  },
});

export const getContact = defineRoute({
  method: 'get',
  path: '/v1/contacts/{id}',
  tag,
  summary: 'A contact with its enrollments',
  access: 'contact:read',
  params: ContactParams,
  responses: {
    200: { description: 'The contact', schema: ContactDetail },
    404: { description: 'Unknown contact' },
  },
});

export const eraseContact = defineRoute({
  method: 'delete',
  path: '/v1/contacts/{id}',
  tag,
  summary: "Erase the contact's personal data everywhere",
  access: 'contact:erase',
  params: ContactParams,
  responses: {
    200: { description: 'What was erased', schema: Erased },
    404: { description: 'Unknown contact' },
  },
});

export const contactTrace = defineRoute({
  method: 'get',
  path: '/v1/contacts/{id}/trace',
  tag,
  summary: 'Every journey step the contact took, with the decision and why',
  access: 'contact:read',
  params: ContactParams,
  query: TraceQuery,
  responses: {
    200: { description: 'Steps, oldest first; `next` is the cursor for `after`', schema: TracePage },
  },
});

export const contactEngagement = defineRoute({
  method: 'get',
  path: '/v1/contacts/{contactId}/engagement',
  tag,
  summary: 'Engagement aggregates gates read as `engagement.*`',
  access: 'contact:read',
  params: z.object({ contactId: ContactId.meta({ [NOT_FOUND]: 'Contact' }) }),
  responses: { 200: { description: 'Counts over 7/30/90 days and last times', schema: Engagement } },
});

export const contactRoutes = [
  searchContacts,
  putContact,
  getContact,
  eraseContact,
  contactTrace,
  contactEngagement,
] as const;
