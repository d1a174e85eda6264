import type { Queryable } from '../db/connect.js';

export interface AuditRecord {
  id: string;
  at: Date;
  actor: string;
  action: string;
  workflowId: string | null;
  subject: string | null;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string | undefined;
  /** Exact action, or a prefix ending in `*` such as `key.*`. */
  action?: string | undefined;
  workflowId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

/**
 * One page of the workspace's audit log, newest first. Keyset pagination on the entry id (which
 * only grows), so pages stay stable while new entries arrive and deep pages cost the same.
 */
export async function queryAudit(
  sql: Queryable,
  workspaceId: string,
  query: AuditQuery,
): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const action = query.action?.endsWith('*')
    ? sql`and action like ${`${query.action.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`}`
    : query.action
      ? sql`and action = ${query.action}`
      : sql``;
  const rows = await sql<AuditRecord[]>`
    select id::text, at, actor, action, workflow_id, subject, details
    from audit_log
    where workspace_id = ${workspaceId}
      ${query.actor ? sql`and actor = ${query.actor}` : sql``}
      ${action}
      ${query.workflowId ? sql`and workflow_id = ${query.workflowId}` : sql``}
      ${query.from ? sql`and at >= ${query.from}` : sql``}
      ${query.to ? sql`and at < ${query.to}` : sql``}
      ${query.cursor ? sql`and id < ${query.cursor}` : sql``}
    order by id desc
    limit ${query.limit + 1}`;
  const items = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? (items.at(-1)?.id ?? null) : null;
  return { items, nextCursor };
}

const CSV_COLUMNS = ['id', 'at', 'actor', 'action', 'workflowId', 'subject', 'details'] as const;

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  // Quote every cell that needs it (RFC 4180); prefix formula starters so spreadsheets show text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Audit records as RFC 4180 CSV with a header row. */
export function auditCsv(records: AuditRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const record of records) lines.push(CSV_COLUMNS.map((column) => csvCell(record[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
