import {
  addSuppression,
  contactEngagement,
  getChannelSettings,
  inboundReply,
  listSuppressions,
  previewTemplate,
  putChannelSettings,
  removeSuppression,
} from '@crossroads/api';
import { Hono } from 'hono';
import { recordAudit } from '../../access/audit.js';
import { previewTemplates, SAMPLE_CONTACT } from '../../authoring/templates.js';
import {
  channelSettingsView,
  loadChannelSettings,
  saveChannelSettings,
} from '../../deliver/channelSettings.js';
import * as suppressions from '../../deliver/suppressions.js';
import { recordReply } from '../../ingest/replies.js';
import { loadEngagement } from '../../walk/engagement.js';
import { type AppEnv, actorFrom } from '../context.js';
import { badRequest, notFound, unprocessable } from '../problem.js';
import { serve } from '../serve.js';

/** Sender settings and guardrails, suppressions, template preview, inbound replies, engagement. */
export function channelRoutes(v1: Hono<AppEnv>): void {
  const routes = new Hono<AppEnv>();

  serve(routes, getChannelSettings, async (c) =>
    c.json(channelSettingsView(await loadChannelSettings(c.var.deps.sql, c.var.auth.workspaceId)), 200),
  );

  serve(routes, putChannelSettings, async (c, { body }) => {
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
    return c.json({ ...channelSettingsView(saved.settings), generatedSecrets: saved.generated }, 200);
  });

  serve(routes, listSuppressions, async (c, { query }) => {
    const items = await suppressions.listSuppressions(c.var.deps.sql, c.var.auth.workspaceId, query);
    return c.json(
      { items, nextBefore: items.length === query.limit ? (items.at(-1)?.id ?? null) : null },
      200,
    );
  });

  serve(routes, addSuppression, async (c, { body }) => {
    const actor = actorFrom(c);
    const result = await c.var.deps.sql.begin(async (tx) => {
      const added = await suppressions.addSuppression(tx, actor.workspaceId, {
        ...body,
        source: `api: ${actor.name}`,
      });
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
    return result.created ? c.json(result.suppression, 201) : c.json(result.suppression, 200);
  });

  serve(routes, removeSuppression, async (c, { params }) => {
    const { id } = params;
    const actor = actorFrom(c);
    const removed = await c.var.deps.sql.begin(async (tx) => {
      const row = await suppressions.removeSuppression(tx, actor.workspaceId, id);
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
    return c.json(removed, 200);
  });

  serve(routes, previewTemplate, async (c, { body }) => {
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
    return c.json({ ...result.rendered, contact }, 200);
  });

  serve(routes, inboundReply, async (c, { body }) => {
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

  serve(routes, contactEngagement, async (c, { params }) => {
    const { contactId } = params;
    const { sql } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const [known] =
      await sql`select 1 from contacts where workspace_id = ${workspaceId} and id = ${contactId}`;
    if (!known) throw notFound(`Contact ${JSON.stringify(contactId.slice(0, 80))}`);
    return c.json(await loadEngagement(sql, workspaceId, contactId, new Date()), 200);
  });

  v1.route('/', routes);
}
