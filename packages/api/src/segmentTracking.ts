import { z } from 'zod';
import { SafeJson, SafeRecord, SafeString, Timestamp } from './primitives.js';
import { defineRoute } from './route.js';

/** Most messages one `/v1/segment/batch` request may carry (Segment's own limit is 500 KB). */
export const MAX_SEGMENT_BATCH = 1000;

const Id = z.union([SafeString.min(1).max(200), z.number().transform(String)]);

/**
 * The fields every Segment message shares (https://segment.com/docs/connections/spec/common/).
 * Fields Crossroads does not read (`context`, `integrations`, `_metadata`, …) are accepted as is.
 */
const common = {
  userId: Id.nullish().describe('The contact: its id (preferred over anonymousId)'),
  anonymousId: Id.nullish().describe('The contact when there is no userId'),
  messageId: SafeString.min(1)
    .max(200)
    .optional()
    .describe('The idempotency key: a repeated messageId is ignored'),
  timestamp: Timestamp.optional().describe("When it happened, by the sender's clock"),
  originalTimestamp: Timestamp.optional(),
  sentAt: Timestamp.optional().describe(
    'When the sender sent it: corrects its clock skew (timestamp + now − sentAt)',
  ),
  context: SafeJson.optional(),
  integrations: SafeJson.optional(),
};

const someone = <T extends { userId?: string | null; anonymousId?: string | null }>(
  message: T,
  ctx: z.RefinementCtx,
) => {
  if (!message.userId && !message.anonymousId)
    ctx.addIssue({ code: 'custom', path: ['userId'], message: 'userId or anonymousId is required' });
};

const Props = SafeRecord.optional();

const IdentifyBase = z.looseObject({ ...common, type: z.literal('identify').optional(), traits: Props });
const TrackBase = z.looseObject({
  ...common,
  type: z.literal('track').optional(),
  event: SafeString.min(1).max(200),
  properties: Props,
});
const PageBase = z.looseObject({
  ...common,
  type: z.literal('page').optional(),
  name: SafeString.max(200).nullish(),
  category: SafeString.max(200).nullish(),
  properties: Props,
});
const ScreenBase = z.looseObject({
  ...common,
  type: z.literal('screen').optional(),
  name: SafeString.max(200).nullish(),
  properties: Props,
});
const GroupBase = z.looseObject({
  ...common,
  type: z.literal('group').optional(),
  groupId: Id,
  traits: Props,
});
const AliasBase = z.looseObject({ ...common, type: z.literal('alias').optional(), previousId: Id });

export const SegmentIdentify = IdentifyBase.superRefine(someone);
export const SegmentTrack = TrackBase.superRefine(someone);
export const SegmentPage = PageBase.superRefine(someone);
export const SegmentScreen = ScreenBase.superRefine(someone);
export const SegmentGroup = GroupBase.superRefine(someone);
export const SegmentAlias = AliasBase.superRefine(someone);

/** A message of a batch: its `type` says which. */
export const SegmentMessage = z
  .discriminatedUnion('type', [
    IdentifyBase.extend({ type: z.literal('identify') }),
    TrackBase.extend({ type: z.literal('track') }),
    PageBase.extend({ type: z.literal('page') }),
    ScreenBase.extend({ type: z.literal('screen') }),
    GroupBase.extend({ type: z.literal('group') }),
    AliasBase.extend({ type: z.literal('alias') }),
  ])
  .superRefine(someone);
export type SegmentMessage = z.infer<typeof SegmentMessage>;

export const SegmentBatch = z.looseObject({
  batch: z.array(SegmentMessage).min(1).max(MAX_SEGMENT_BATCH),
  sentAt: Timestamp.optional(),
  context: SafeJson.optional(),
  integrations: SafeJson.optional(),
});

export const SegmentAccepted = z.object({ success: z.literal(true) });

const tag = 'Segment tracking';
const access = 'event:write' as const;
const auth =
  " Segment's HTTP Tracking API, accepted as is: HTTP Basic auth whose username is an `ingest` API key (or a Bearer key). " +
  'The contact is `userId`, else `anonymousId`; `messageId` makes the message idempotent; ' +
  '`timestamp` is corrected for clock skew with `sentAt`.';
const responses = {
  200: { description: 'Accepted', schema: SegmentAccepted },
  400: { description: 'A malformed message; `problems` names the field' },
};
const segmentRoute = <B extends z.ZodType>(name: string, summary: string, body: B) =>
  defineRoute({
    method: 'post',
    path: `/v1/segment/${name}`,
    tag,
    summary,
    description: summary + auth,
    access,
    body,
    responses,
  });

export const segmentIdentify = segmentRoute(
  'identify',
  "identify: the traits are merged into the contact's attributes (a null trait removes the attribute); segment entry is evaluated as with PUT /v1/contacts/{id}.",
  SegmentIdentify,
);
export const segmentTrack = segmentRoute(
  'track',
  "track: an event whose type is the event's name in snake case ('Order Completed' → order_completed), with its properties.",
  SegmentTrack,
);
export const segmentPage = segmentRoute(
  'page',
  'page: a page.viewed event with its properties (and the page name and category when given).',
  SegmentPage,
);
export const segmentScreen = segmentRoute(
  'screen',
  'screen: a screen.viewed event with its properties (and the screen name when given).',
  SegmentScreen,
);
export const segmentGroup = segmentRoute(
  'group',
  "group: the contact's `group_id` attribute is set to groupId and `group` to the group's traits; a group.joined event is stored.",
  SegmentGroup,
);
export const segmentAlias = segmentRoute(
  'alias',
  "alias: the contact previousId's attributes are copied into userId's contact (userId's own values win), and a contact.aliased event with previousId is stored on userId. previousId's contact and history stay as they are.",
  SegmentAlias,
);
export const segmentBatch = segmentRoute(
  'batch',
  'batch: up to 1,000 messages of any type, applied in order; one malformed message refuses the batch (400 naming `batch[i].field`).',
  SegmentBatch,
);

export const segmentTrackingRoutes = [
  segmentIdentify,
  segmentTrack,
  segmentPage,
  segmentScreen,
  segmentGroup,
  segmentAlias,
  segmentBatch,
] as const;
