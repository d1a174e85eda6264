import { z } from 'zod';
import { ContactId, SafeJson, SafeString, Timestamp } from './primitives.js';
import { defineRoute } from './route.js';

/** Most events one request may carry. */
export const MAX_BATCH = 1000;

/** What an event type (and a custom event name anywhere) may look like. */
export const EVENT_TYPE_PATTERN = /^[A-Za-z0-9_.:-]+$/;

export const EventType = z
  .string()
  .min(1)
  .max(200)
  .regex(EVENT_TYPE_PATTERN, 'use letters, digits and _ . : - (e.g. page.viewed)');

export const EventInput = z.strictObject({
  id: SafeString.min(1)
    .max(200)
    .optional()
    .describe('Makes ingestion idempotent: a repeated id is a duplicate'),
  contactId: ContactId,
  type: EventType,
  properties: z.record(SafeString.max(200), SafeJson).optional(),
  timestamp: Timestamp.optional(),
});
export type EventInput = z.infer<typeof EventInput>;

export const EventBatch = z.strictObject({ batch: z.array(EventInput).min(1).max(MAX_BATCH) });
export type EventBatch = z.infer<typeof EventBatch>;

/** An event of a batch that was not stored, and why: the others of the batch were. */
export const RejectedEvent = z.object({
  index: z.number().int().describe('Position in `batch`'),
  field: z.string().describe('e.g. batch[12].contactId'),
  message: z.string(),
});
export type RejectedEvent = z.infer<typeof RejectedEvent>;

export const IngestResult = z.object({
  accepted: z.number().int().describe('Events stored now'),
  duplicates: z
    .number()
    .int()
    .describe(
      'Events whose id was seen before (ignored); an id counts as seen for as long as its event is kept (RETENTION_DAYS)',
    ),
  enrolled: z.number().int(),
  resumed: z.number().int(),
  converted: z.number().int(),
  rejected: z
    .array(RejectedEvent)
    .describe('Events of the batch refused one by one; empty for a single event'),
});
export type IngestResult = z.infer<typeof IngestResult>;

export const ingestEvents = defineRoute({
  method: 'post',
  path: '/v1/events',
  tag: 'Events',
  summary: 'Ingest one event or a batch',
  description:
    'Contacts seen for the first time are created. An `id` makes ingestion idempotent. Events that match an ' +
    "active workflow's trigger enroll the contact; events a waiting journey expects resume it; goal events convert. " +
    'In a batch, an invalid event is refused alone (listed in `rejected` with its index and reason) and the ' +
    'others are stored; a batch whose every event is invalid answers 400.',
  access: 'event:write',
  body: z.union([EventInput, EventBatch]),
  responses: {
    202: { description: 'Accepted', schema: IngestResult },
    400: { description: 'A malformed event, or a batch with no valid event; `problems` names the fields' },
  },
});

export const eventRoutes = [ingestEvents] as const;
