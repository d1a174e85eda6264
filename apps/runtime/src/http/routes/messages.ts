import { Hono } from 'hono';
import { z } from 'zod';
import { listMessages } from '../../services/ledger.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { fromZodError } from '../problem.js';

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

/** `GET /v1/messages`: emails with their delivery state (sent over SMTP or caught locally). */
export function messageRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/messages', requirePermission('contact:read'), async (c) => {
    const query = LedgerQuery.safeParse(c.req.query());
    if (!query.success) throw fromZodError(query.error);
    const items = await listMessages(c.var.deps.sql, c.var.auth.workspaceId, query.data);
    return c.json({ items, next: items.length === query.data.limit ? items.at(-1)?.id : null });
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
];
