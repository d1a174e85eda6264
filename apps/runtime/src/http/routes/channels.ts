import { Hono } from 'hono';
import { z } from 'zod';
import { recordAudit } from '../../access/audit.js';
import { previewTemplates, SAMPLE_CONTACT } from '../../authoring/templates.js';
import {
  ChannelSettingsInput,
  channelSettingsView,
  loadChannelSettings,
  saveChannelSettings,
} from '../../deliver/channelSettings.js';
import { addSuppression, listSuppressions, removeSuppression } from '../../deliver/suppressions.js';
import { recordReply } from '../../ingest/replies.js';
import { loadEngagement } from '../../walk/engagement.js';
import { requirePermission } from '../auth.js';
import { type AppEnv, actorFrom } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { uuidParam } from '../params.js';
import { badRequest, notFound, readBody, readQuery, unprocessable } from '../problem.js';

const noNul = (text: string) => !text.includes('\u0000');
const ContactId = z.string().min(1).max(200).refine(noNul, 'must not contain NUL characters');
const Email = z.email().max(320);

const AddSuppressionBody = z
  .strictObject({
    contactId: ContactId.optional(),
    email: Email.optional(),
    reason: z.literal('manual').default('manual').describe('Only manual entries are added by hand'),
  })
  .refine((b) => b.contactId !== undefined || b.email !== undefined, {
    message: 'give a contactId, an email, or both',
    path: ['contactId'],
  });

const SuppressionQuery = z.object({
  contactId: ContactId.optional(),
  email: z.string().max(320).refine(noNul, 'must not contain NUL characters').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.uuid().optional().describe('Id of the last entry of the previous page'),
});

const PreviewBody = z.strictObject({
  template: z.strictObject({
    subject: z.string().max(200_000).optional(),
    html: z.string().max(200_000).optional(),
    text: z.string().max(200_000).optional(),
  }),
  contact: z.record(z.string(), z.unknown()).optional(),
  contactId: ContactId.optional(),
  event: z
    .strictObject({
      type: z.string().min(1).max(200),
      properties: z.record(z.string(), z.unknown()).default({}),
      timestamp: z.iso.datetime({ offset: true }).optional(),
    })
    .optional(),
});

const ReplyBody = z
  .strictObject({
    messageKey: z.string().min(1).max(200).optional(),
    token: z.string().min(1).max(200).optional(),
    inReplyTo: z
      .string()
      .min(3)
      .max(998)
      .optional()
      .describe('The In-Reply-To header: the Message-ID of the send'),
    from: z.string().min(1).max(320),
    text: z.string().max(1_000_000),
  })
  .refine((b) => [b.messageKey, b.token, b.inReplyTo].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of messageKey, token or inReplyTo',
    path: ['messageKey'],
  });

/** Sender settings and guardrails, suppressions, template preview, inbound replies, engagement. */
export function channelRoutes(v1: Hono<AppEnv>): void {
  const routes = new Hono<AppEnv>();

  routes.get('/settings/channels', requirePermission('workspace:manage'), async (c) => {
    return c.json(channelSettingsView(await loadChannelSettings(c.var.deps.sql, c.var.auth.workspaceId)));
  });

  routes.put('/settings/channels', requirePermission('workspace:manage'), async (c) => {
    const body = await readBody(c, ChannelSettingsInput);
    const { sql, config } = c.var.deps;
    const actor = actorFrom(c);
    const saved = await sql.begin(async (tx) => {
      const result = await saveChannelSettings(tx, actor.workspaceId, body, {
        allowLoopback: config.CROSSROADS_ALLOW_LOOPBACK_URLS,
      });
      if (!result.ok)
        throw unprocessable(`${result.path}: ${result.message}`, [
          { code: 'settings.invalid', path: result.path, message: result.message },
        ]);
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'channels.settings.updated',
        details: {
          webhookUrl: result.settings.crm.webhookUrl,
          secretIds: result.settings.crm.secrets.map((s) => s.id),
        },
      });
      return result;
    });
    return c.json({ ...channelSettingsView(saved.settings), generatedSecrets: saved.generated });
  });

  routes.get('/suppressions', requirePermission('contact:read'), async (c) => {
    const query = readQuery(c, SuppressionQuery);
    const items = await listSuppressions(c.var.deps.sql, c.var.auth.workspaceId, query);
    return c.json({ items, nextBefore: items.length === query.limit ? (items.at(-1)?.id ?? null) : null });
  });

  routes.post('/suppressions', requirePermission('contact:write'), async (c) => {
    const body = await readBody(c, AddSuppressionBody);
    const actor = actorFrom(c);
    const result = await c.var.deps.sql.begin(async (tx) => {
      const added = await addSuppression(tx, actor.workspaceId, { ...body, source: `api: ${actor.name}` });
      if (added.created) {
        await recordAudit(tx, {
          workspaceId: actor.workspaceId,
          actor: actor.name,
          action: 'suppression.added',
          subject: added.suppression.id,
          details: { contactId: body.contactId ?? null, email: body.email ?? null, reason: body.reason },
        });
      }
      return added;
    });
    return c.json(result.suppression, result.created ? 201 : 200);
  });

  routes.delete('/suppressions/:id', requirePermission('workspace:manage'), async (c) => {
    const id = uuidParam(c, 'id', 'Suppression');
    const actor = actorFrom(c);
    const removed = await c.var.deps.sql.begin(async (tx) => {
      const row = await removeSuppression(tx, actor.workspaceId, id);
      if (row) {
        await recordAudit(tx, {
          workspaceId: actor.workspaceId,
          actor: actor.name,
          action: 'suppression.removed',
          subject: id,
          details: { contactId: row.contactId, email: row.email, reason: row.reason },
        });
      }
      return row;
    });
    if (!removed) throw notFound('Suppression');
    return c.json(removed);
  });

  routes.post('/templates/preview', requirePermission('workflow:read'), async (c) => {
    const body = await readBody(c, PreviewBody);
    const { sql } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    if (body.contact && body.contactId) throw badRequest('Give contact or contactId, not both');
    let contact: Record<string, unknown> = body.contact ?? SAMPLE_CONTACT;
    if (body.contactId) {
      const [row] = await sql<{ attributes: Record<string, unknown> }[]>`
        select attributes from contacts where workspace_id = ${workspaceId} and id = ${body.contactId}`;
      if (!row) throw notFound(`Contact ${JSON.stringify(body.contactId)}`);
      contact = { ...row.attributes, id: body.contactId };
    }
    const event = body.event
      ? {
          type: body.event.type,
          properties: body.event.properties,
          timestamp: body.event.timestamp ?? new Date().toISOString(),
        }
      : null;
    const result = await previewTemplates({ template: body.template, contact, event });
    if (!result.ok) {
      const [first] = result.problems;
      throw unprocessable(`${first?.path}: ${first?.message}`, result.problems);
    }
    return c.json({ ...result.rendered, contact });
  });

  routes.post('/inbound/reply', requirePermission('event:write'), async (c) => {
    const body = await readBody(c, ReplyBody);
    const { sql, registry } = c.var.deps;
    const recorded = await recordReply(sql, registry, { ...body, workspaceId: c.var.auth.workspaceId });
    if (!recorded)
      throw notFound(body.messageKey ? `Message ${JSON.stringify(body.messageKey)}` : 'Reply token');
    return c.json(
      {
        messageKey: recorded.message.messageKey,
        contactId: recorded.message.contactId,
        duplicate: recorded.duplicate,
      },
      202,
    );
  });

  routes.get('/contacts/:contactId/engagement', requirePermission('contact:read'), async (c) => {
    const contactId = c.req.param('contactId');
    if (!ContactId.safeParse(contactId).success)
      throw notFound(`Contact ${JSON.stringify(contactId.slice(0, 80))}`);
    const { sql } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const [known] =
      await sql`select 1 from contacts where workspace_id = ${workspaceId} and id = ${contactId}`;
    if (!known) throw notFound(`Contact ${JSON.stringify(contactId.slice(0, 80))}`);
    return c.json(await loadEngagement(sql, workspaceId, contactId, new Date()));
  });

  v1.route('/', routes);
}

const SettingsView = z.object({
  sender: z.object({
    fromName: z.string(),
    fromEmail: z.string(),
    replyTo: z.string().optional(),
    postalAddress: z.string(),
  }),
  guardrails: z.unknown(),
  crm: z.object({
    webhookUrl: z.string().nullable(),
    secrets: z.array(z.object({ id: z.string(), prefix: z.string(), createdAt: z.string() })),
  }),
});

const tag = { tag: 'Channels' } as const;
export const channelDocs: RouteDoc[] = [
  {
    ...tag,
    method: 'get',
    path: '/v1/settings/channels',
    summary: 'Sender settings, guardrail policies and the CRM endpoint (secrets by prefix)',
    access: 'workspace:manage',
    responses: { 200: { description: 'Settings, defaults filled in', schema: SettingsView } },
  },
  {
    ...tag,
    method: 'put',
    path: '/v1/settings/channels',
    summary: 'Replace the channel settings; generated CRM secrets are shown once',
    access: 'workspace:manage',
    body: ChannelSettingsInput,
    responses: {
      200: { description: 'Saved', schema: SettingsView },
      422: { description: 'A refused webhook URL (SSRF) or an unknown secret id, with its path' },
    },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/suppressions',
    summary: 'Suppressed contacts and addresses, newest first',
    access: 'contact:read',
    query: SuppressionQuery,
    responses: { 200: { description: 'One page; pass nextBefore as before for the next' } },
  },
  {
    ...tag,
    method: 'post',
    path: '/v1/suppressions',
    summary: 'Suppress a contact or address by hand (idempotent)',
    access: 'contact:write',
    body: AddSuppressionBody,
    responses: {
      201: { description: 'Added' },
      200: { description: 'Already suppressed: the existing entry' },
    },
  },
  {
    ...tag,
    method: 'delete',
    path: '/v1/suppressions/:id',
    summary: 'Remove a suppression',
    access: 'workspace:manage',
    responses: { 200: { description: 'Removed' }, 404: { description: 'No such entry in this workspace' } },
  },
  {
    ...tag,
    method: 'post',
    path: '/v1/templates/preview',
    summary: 'Render Liquid templates against a contact (a sample one by default)',
    access: 'workflow:read',
    body: PreviewBody,
    responses: {
      200: { description: 'Rendered subject, html and text' },
      422: { description: 'Syntax or limit errors with field, line and column' },
    },
  },
  {
    ...tag,
    method: 'post',
    path: '/v1/inbound/reply',
    summary: 'Record a reply to a sent email (email.replied)',
    access: 'event:write',
    body: ReplyBody,
    responses: { 202: { description: 'Recorded (or a duplicate)' }, 404: { description: 'Unknown message' } },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/contacts/:contactId/engagement',
    summary: 'Engagement aggregates gates read as `engagement.*`',
    access: 'contact:read',
    responses: { 200: { description: 'Counts over 7/30/90 days and last times' } },
  },
];
