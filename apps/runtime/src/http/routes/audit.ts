import { Hono } from 'hono';
import { z } from 'zod';
import { auditCsv, queryAudit } from '../../access/auditLog.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { readQuery } from '../problem.js';

const AuditQuery = z.object({
  actor: z.string().min(1).max(300).optional(),
  action: z
    .string()
    .regex(/^[a-z0-9_.-]+\*?$/, 'an action such as key.created, or a prefix such as key.*')
    .optional(),
  workflowId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Inclusive ISO-8601 instant'),
  to: z.iso.datetime({ offset: true }).optional().describe('Exclusive ISO-8601 instant'),
  limit: z.coerce.number().int().min(1).max(10_000).optional().describe('Default 100 (json) or 10000 (csv)'),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'pass the nextCursor of the previous page')
    .optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Who did what, when: newest first, filterable, pageable, exportable as CSV. */
export function auditRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/audit', requirePermission('audit:read'), async (c) => {
    const { from, to, format, limit, ...query } = readQuery(c, AuditQuery);
    const page = await queryAudit(c.var.deps.sql, c.var.auth.workspaceId, {
      ...query,
      limit: limit ?? (format === 'csv' ? 10_000 : 100),
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
    });
    if (format === 'json') return c.json(page);
    if (page.nextCursor) c.header('x-next-cursor', page.nextCursor);
    c.header('content-disposition', 'attachment; filename="crossroads-audit.csv"');
    return c.body(auditCsv(page.items), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  return routes;
}

const Entry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  workflowId: z.uuid().nullable(),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const auditDocs: RouteDoc[] = [
  {
    tag: 'Audit',
    method: 'get',
    path: '/v1/audit',
    summary: 'The audit log, newest first (format=csv to export; the next cursor is in x-next-cursor)',
    access: 'audit:read',
    query: AuditQuery,
    responses: {
      200: {
        description: 'One page',
        schema: z.object({ items: z.array(Entry), nextCursor: z.string().nullable() }),
      },
    },
  },
];
