import { z } from 'zod';
import { GuardrailPolicy } from './guardrails.js';
import { ContactId, Instant, pathUuid, SafeRecord, SafeString, Timestamp, Uuid } from './primitives.js';
import { defineRoute } from './route.js';

const OneLine = /^[^\r\n]*$/;
const Email = z.email().max(320);

export const SenderSettings = z.strictObject({
  fromName: SafeString.max(100).regex(OneLine, 'must be one line'),
  fromEmail: Email,
  replyTo: Email.optional(),
  postalAddress: SafeString.trim()
    .min(
      1,
      "a postal address is required: most countries' laws ask for one in marketing email, and every email's footer prints it",
    )
    .max(500)
    .describe("Printed in every email's footer; may span several lines"),
});
export type SenderSettings = z.infer<typeof SenderSettings>;

const SECRET = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/;

/** How a PUT lists CRM secrets, newest first: keep one by id, bring one, or have one generated. */
const SecretInput = z.union([
  z.strictObject({ secret: z.string().regex(SECRET, 'must be whsec_ followed by at least 24 base64 bytes') }),
  z.strictObject({ generate: z.literal(true) }),
  // GET returns { id, prefix, createdAt }: echoing it back keeps that secret.
  z.object({
    id: SafeString.min(1).max(40),
    prefix: SafeString.max(100).optional(),
    createdAt: SafeString.max(100).optional(),
  }),
]);

export const ChannelSettingsInput = z.strictObject({
  sender: SenderSettings.optional(),
  guardrails: GuardrailPolicy.partial().optional(),
  crm: z
    .strictObject({
      webhookUrl: SafeString.max(2048).nullable(),
      secrets: z
        .array(SecretInput)
        .max(5)
        .optional()
        .describe('Newest first; omitted: keep the current ones'),
    })
    .optional(),
});
export type ChannelSettingsInput = z.infer<typeof ChannelSettingsInput>;

/** What the API shows of the channel settings: CRM secrets by id and prefix only. */
export const ChannelSettingsView = z.object({
  sender: z.object({
    fromName: z.string(),
    fromEmail: z.string(),
    replyTo: z.string().optional(),
    postalAddress: z.string().describe('Empty while none is set: the footer then has no address line'),
  }),
  guardrails: GuardrailPolicy,
  crm: z.object({
    webhookUrl: z.string().nullable(),
    secrets: z.array(z.object({ id: z.string(), prefix: z.string(), createdAt: z.string() })),
  }),
});
export type ChannelSettingsView = z.infer<typeof ChannelSettingsView>;

export const Suppression = z.object({
  id: Uuid,
  contactId: z.string().nullable(),
  email: z.string().nullable(),
  reason: z.enum(['unsubscribed', 'bounced', 'complained', 'manual']),
  source: z.string(),
  messageKey: z.string().nullable(),
  at: Instant,
});
export type Suppression = z.infer<typeof Suppression>;

export const AddSuppression = z
  .strictObject({
    contactId: ContactId.optional(),
    email: Email.optional(),
    reason: z.literal('manual').default('manual').describe('Only manual entries are added by hand'),
  })
  .refine((b) => b.contactId !== undefined || b.email !== undefined, {
    message: 'give a contactId, an email, or both',
    path: ['contactId'],
  });

export const SuppressionQuery = z.object({
  contactId: ContactId.optional(),
  email: SafeString.max(320).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: Uuid.optional().describe('Id of the last entry of the previous page'),
});

const TemplateText = SafeString.max(200_000);

export const PreviewTemplate = z.strictObject({
  template: z.strictObject({
    subject: TemplateText.optional(),
    html: TemplateText.optional(),
    text: TemplateText.optional(),
  }),
  contact: SafeRecord.optional(),
  contactId: ContactId.optional(),
  event: z
    .strictObject({
      type: SafeString.min(1).max(200),
      properties: SafeRecord.default({}),
      timestamp: Timestamp.optional(),
    })
    .optional(),
});

export const RenderedTemplate = z.object({
  subject: z.string().optional(),
  html: z.string().optional(),
  text: z.string().optional(),
  contact: z.record(z.string(), z.unknown()).describe('The contact it was rendered against'),
});
export type RenderedTemplate = z.infer<typeof RenderedTemplate>;

export const InboundReply = z
  .strictObject({
    messageKey: SafeString.min(1).max(200).optional(),
    token: SafeString.min(1).max(200).optional(),
    inReplyTo: SafeString.min(3)
      .max(998)
      .optional()
      .describe('The In-Reply-To header: the Message-ID of the send'),
    from: SafeString.min(1).max(320),
    text: SafeString.max(1_000_000),
  })
  .refine((b) => [b.messageKey, b.token, b.inReplyTo].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of messageKey, token or inReplyTo',
    path: ['messageKey'],
  });

const tag = 'Channels';

export const getChannelSettings = defineRoute({
  method: 'get',
  path: '/v1/settings/channels',
  tag,
  summary: 'Sender settings, guardrail policies and the CRM endpoint (secrets by prefix)',
  access: 'workspace:manage',
  responses: { 200: { description: 'Settings, defaults filled in', schema: ChannelSettingsView } },
});

export const putChannelSettings = defineRoute({
  method: 'put',
  path: '/v1/settings/channels',
  tag,
  summary: 'Replace the channel settings; generated CRM secrets are shown once',
  access: 'workspace:manage',
  body: ChannelSettingsInput,
  responses: {
    200: {
      description: 'Saved',
      schema: ChannelSettingsView.extend({
        generatedSecrets: z.array(z.object({ id: z.string(), secret: z.string() })),
      }),
    },
    422: { description: 'A refused webhook URL (SSRF) or an unknown secret id, with its path' },
  },
});

export const listSuppressions = defineRoute({
  method: 'get',
  path: '/v1/suppressions',
  tag,
  summary: 'Suppressed contacts and addresses, newest first',
  access: 'contact:read',
  query: SuppressionQuery,
  responses: {
    200: {
      description: 'One page; pass nextBefore as before for the next',
      schema: z.object({ items: z.array(Suppression), nextBefore: Uuid.nullable() }),
    },
  },
});

export const addSuppression = defineRoute({
  method: 'post',
  path: '/v1/suppressions',
  tag,
  summary: 'Suppress a contact or address by hand (idempotent)',
  access: 'contact:write',
  body: AddSuppression,
  responses: {
    201: { description: 'Added', schema: Suppression },
    200: { description: 'Already suppressed: the existing entry', schema: Suppression },
  },
});

export const removeSuppression = defineRoute({
  method: 'delete',
  path: '/v1/suppressions/{id}',
  tag,
  summary: 'Remove a suppression',
  access: 'workspace:manage',
  params: z.object({ id: pathUuid('Suppression') }),
  responses: {
    200: { description: 'Removed', schema: Suppression },
    404: { description: 'No such entry in this workspace' },
  },
});

export const previewTemplate = defineRoute({
  method: 'post',
  path: '/v1/templates/preview',
  tag,
  summary: 'Render Liquid templates against a contact (a sample one by default)',
  access: 'workflow:read',
  body: PreviewTemplate,
  responses: {
    200: { description: 'Rendered subject, html and text', schema: RenderedTemplate },
    422: { description: 'Syntax or limit errors with field, line and column' },
  },
});

export const inboundReply = defineRoute({
  method: 'post',
  path: '/v1/inbound/reply',
  tag,
  summary: 'Record a reply to a sent email (email.replied)',
  access: 'event:write',
  body: InboundReply,
  responses: {
    202: {
      description: 'Recorded (or a duplicate)',
      schema: z.object({ messageKey: z.string(), contactId: z.string(), duplicate: z.boolean() }),
    },
    404: { description: 'Unknown message' },
  },
});

export const channelRoutes = [
  getChannelSettings,
  putChannelSettings,
  listSuppressions,
  addSuppression,
  removeSuppression,
  previewTemplate,
  inboundReply,
] as const;
