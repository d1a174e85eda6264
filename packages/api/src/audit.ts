import { z } from 'zod';
import { Instant, SafeString, Timestamp, Uuid } from './primitives.js';
import { defineRoute } from './route.js';

export const AuditEntry = z.object({
  id: z.string(),
  at: Instant,
  actor: z.string(),
  action: z.string(),
  workflowId: Uuid.nullable(),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditQuery = z.object({
  actor: SafeString.min(1).max(300).optional(),
  action: z
    .string()
    .regex(/^[a-z0-9_.-]+\*?$/, 'an action such as key.created, or a prefix such as key.*')
    .max(200)
    .optional(),
  workflowId: Uuid.optional(),
  from: Timestamp.optional().describe('Inclusive ISO-8601 instant'),
  to: Timestamp.optional().describe('Exclusive ISO-8601 instant'),
  limit: z.coerce.number().int().min(1).max(10_000).optional().describe('Default 100 (json) or 10000 (csv)'),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'pass the nextCursor of the previous page')
    .optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

export const queryAudit = defineRoute({
  method: 'get',
  path: '/v1/audit',
  tag: 'Audit',
  summary: 'The audit log, newest first (format=csv to export; the next cursor is in x-next-cursor)',
  access: 'audit:read',
  query: AuditQuery,
  responses: {
    200: { description: 'One page (JSON, or CSV with format=csv)', schema: AuditPage, media: ['text/csv'] },
  },
});

export const auditRoutes = [queryAudit] as const;
