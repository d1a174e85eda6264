import { queryAudit, verifyAudit } from '@crossroads/api';
import { Hono } from 'hono';
import { auditCsv, queryAudit as readAudit } from '../../access/auditLog.js';
import { verifyAuditChain } from '../../access/auditVerify.js';
import type { AppEnv } from '../context.js';
import { serve } from '../serve.js';

/** Who did what, when: newest first, filterable, pageable, exportable as CSV; its chain verified. */
export function auditRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, queryAudit, async (c, { query }) => {
    const { from, to, format, limit, ...filters } = query;
    const page = await readAudit(c.var.deps.sql, c.var.auth.workspaceId, {
      ...filters,
      limit: limit ?? (format === 'csv' ? 10_000 : 100),
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
    });
    if (format === 'json') return c.json(page, 200);
    if (page.nextCursor) c.header('x-next-cursor', page.nextCursor);
    c.header('content-disposition', 'attachment; filename="crossroads-audit.csv"');
    return c.body(auditCsv(page.items), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  serve(routes, verifyAudit, async (c) =>
    c.json(await verifyAuditChain(c.var.deps.sql, c.var.auth.workspaceId), 200),
  );

  return routes;
}
