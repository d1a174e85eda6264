import { z } from 'zod';
import { ContactId, EntryId, Instant, NOT_FOUND, SafeJson, SafeString, Uuid } from './primitives.js';
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
  enrollmentId: z.string(),
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

const ContactParams = z.object({
  id: ContactId.meta({ description: 'The contact id you chose (1–200 characters)' }),
});
const tag = 'Contacts';

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

export const contactRoutes = [putContact, getContact, eraseContact, contactTrace, contactEngagement] as const;
