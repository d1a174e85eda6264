import { z } from 'zod';
import { Instant, SafeString, Timestamp, Uuid } from './primitives.js';
import { defineRoute } from './route.js';

export const AuditEntry = z.object({
  id: z.string(),
  seq: z.number().int().describe("The entry's number in the workspace's log: 1, 2, 3… in the order written"),
  at: Instant,
  actor: z.string(),
  actorRole: z.string().nullable().describe("The actor's role when it acted"),
  who: z.string().describe("The actor as people read it: 'Ana (publisher)'"),
  action: z.string(),
  workflowId: Uuid.nullable(),
  workflowName: z.string().nullable().describe("The journey's name now"),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  sentence: z.string().describe('The entry as a sentence naming things by label'),
  prevHash: z.string().nullable().describe("The previous entry's hash (null for entry 1)"),
  hash: z.string().describe("SHA-256 over this entry's canonical content and prevHash"),
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
    .regex(/^\d{1,15}$/, 'pass the nextCursor of the previous page')
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

export const BrokenLink = z.object({
  seq: z.number().int(),
  id: z.string(),
  reason: z.enum(['content-changed', 'link-broken', 'entries-missing']),
  detail: z.string(),
});

export const AuditVerification = z.object({
  ok: z.boolean().describe('True when every entry holds'),
  entries: z.number().int(),
  verifiedUpTo: z
    .number()
    .int()
    .describe('The last entry of the unbroken run from entry 1 (0 when none holds)'),
  headHash: z.string().nullable().describe("The newest entry's hash: note it to detect later rewrites"),
  firstBroken: BrokenLink.nullable(),
  checkedAt: Instant,
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const verifyAudit = defineRoute({
  method: 'get',
  path: '/v1/audit/verify',
  tag: 'Audit',
  summary: "Recompute the workspace's audit hash chain and name the first broken link, if any",
  access: 'audit:read',
  responses: { 200: { description: 'The verification', schema: AuditVerification } },
});

export const auditRoutes = [queryAudit, verifyAudit] as const;
