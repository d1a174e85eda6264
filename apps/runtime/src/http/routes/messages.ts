import { Hono } from 'hono';
import { z } from 'zod';
import { actorOf } from '../../access/audit.js';
import { resendEmail } from '../../deliver/emailResend.js';
import { listMessages } from '../../operate/ledger.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { conflict, fromZodError, notFound } from '../problem.js';

/** Filters shared by the ledger listings. */
export const LedgerQuery = z.object({
  contactId: z.string().min(1).max(200).optional(),
  workflowId: z.uuid().optional(),
  before: z
    .string()
    .regex(/^\d{1,18}$/, 'must be an entry id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * `GET /v1/messages`: emails with their delivery state (sent over SMTP or caught locally);
 * `POST …/:id/resend` sends an ambiguous or failed one again, when an operator decides to.
 */
export function messageRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/messages', requirePermission('contact:read'), async (c) => {
    const query = LedgerQuery.safeParse(c.req.query());
    if (!query.success) throw fromZodError(query.error);
    const items = await listMessages(c.var.deps.sql, c.var.auth.workspaceId, query.data);
    return c.json({ items, next: items.length === query.data.limit ? items.at(-1)?.id : null });
  });
  routes.post('/messages/:id/resend', requirePermission('workflow:publish'), async (c) => {
    const id = c.req.param('id');
    if (!/^\d{1,18}$/.test(id)) throw notFound('Email');
    const result = await resendEmail(c.var.deps.sql, c.var.auth.workspaceId, id, actorOf(c.var.auth));
    if (result.state === null) throw notFound('Email');
    if (!result.ok)
      throw conflict(`Only an ambiguous or failed email can be sent again; this one is ${result.state}`);
    return c.json({ id, state: result.state }, 202);
  });
  return routes;
}

export const messageDocs: RouteDoc[] = [
  {
    tag: 'Execution',
    method: 'get',
    path: '/v1/messages',
    summary:
      'Emails from the ledger: state (pending, sending, sent, failed, ambiguous, skipped), node, contact, the message as sent',
    access: 'contact:read',
    query: LedgerQuery,
    responses: { 200: { description: 'Newest first; `next` is the cursor for `before`' } },
  },
  {
    tag: 'Execution',
    method: 'post',
    path: '/v1/messages/:id/resend',
    summary:
      'Send an ambiguous or failed email again (never automatic): same Message-ID, send checks applied again, audited',
    access: 'workflow:publish',
    responses: {
      202: { description: 'Queued for delivery' },
      404: { description: 'Unknown email' },
      409: { description: 'The email is not ambiguous or failed' },
    },
  },
];
