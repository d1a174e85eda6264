import { listMessages, type MessageEntry, resendMessage } from '@crossroads/api';
import { Hono } from 'hono';
import { actorOf } from '../../access/audit.js';
import { resendEmail } from '../../deliver/emailResend.js';
import { listMessages as list } from '../../operate/ledger.js';
import type { AppEnv } from '../context.js';
import { conflict, notFound } from '../problem.js';
import { described, serve } from '../serve.js';

/**
 * `GET /v1/messages`: emails with their delivery state (sent over SMTP or caught locally);
 * `POST …/:id/resend` sends an ambiguous or failed one again, when an operator decides to.
 */
export function messageRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, listMessages, async (c, { query }) => {
    const items = await list(c.var.deps.sql, c.var.auth.workspaceId, query);
    return c.json(
      {
        items: described<MessageEntry[]>(items),
        next: items.length === query.limit ? (items.at(-1)?.id ?? null) : null,
      },
      200,
    );
  });
  serve(routes, resendMessage, async (c, { params }) => {
    const { id } = params;
    const result = await resendEmail(c.var.deps.sql, c.var.auth.workspaceId, id, actorOf(c.var.auth));
    if (result.state === null) throw notFound('Email');
    if (!result.ok)
      throw conflict(`Only an ambiguous or failed email can be sent again; this one is ${result.state}`);
    return c.json({ id, state: result.state }, 202);
  });
  return routes;
}
