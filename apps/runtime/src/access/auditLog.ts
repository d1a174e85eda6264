import type { Queryable } from '../db/connect.js';
import { actorLabel, auditSentence } from './auditSentence.js';

export interface AuditRecord {
  id: string;
  /** The entry's number in its workspace's log: 1, 2, 3… in the order they were written. */
  seq: number;
  at: Date;
  actor: string;
  actorRole: string | null;
  /** 'Ana (publisher)'. */
  who: string;
  action: string;
  workflowId: string | null;
  /** The journey's name now (null when it has none or is gone). */
  workflowName: string | null;
  subject: string | null;
  details: Record<string, unknown>;
  /** The entry as a sentence that names things by label. */
  sentence: string;
  prevHash: string | null;
  hash: string;
}

export interface AuditQuery {
  actor?: string | undefined;
  /** Exact action, or a prefix ending in `*` such as `key.*`. */
  action?: string | undefined;
  workflowId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  /** The `nextCursor` of the previous page: the `seq` of its last entry. */
  cursor?: string | undefined;
}

/**
 * One page of the workspace's audit log, newest first. Keyset pagination on `seq` (a number, so
 * entry 10 follows 9), which only grows: pages stay stable while new entries arrive, never skip
 * or repeat an entry, and deep pages cost the same.
 */
export async function queryAudit(
  sql: Queryable,
  workspaceId: string,
  query: AuditQuery,
): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const action = query.action?.endsWith('*')
    ? sql`and a.action like ${`${query.action.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`}`
    : query.action
      ? sql`and a.action = ${query.action}`
      : sql``;
  const rows = await sql<Omit<AuditRecord, 'sentence' | 'who'>[]>`
    select a.id::text as id, a.seq::float8 as seq, a.at, a.actor, a.actor_role, a.action, a.workflow_id,
           w.name as workflow_name, a.subject, a.details, a.prev_hash, a.hash
    from audit_log a
    left join workflows w on w.id = a.workflow_id and w.workspace_id = a.workspace_id
    where a.workspace_id = ${workspaceId}
      ${query.actor ? sql`and a.actor = ${query.actor}` : sql``}
      ${action}
      ${query.workflowId ? sql`and a.workflow_id = ${query.workflowId}` : sql``}
      ${query.from ? sql`and a.at >= ${query.from}` : sql``}
      ${query.to ? sql`and a.at < ${query.to}` : sql``}
      ${query.cursor ? sql`and a.seq < ${query.cursor}::bigint` : sql``}
    order by a.seq desc
    limit ${query.limit + 1}`;
  const items = rows.slice(0, query.limit).map((row) => ({
    ...row,
    who: actorLabel(row.actor, row.actorRole),
    sentence: auditSentence(row),
  }));
  const nextCursor = rows.length > query.limit ? String(items.at(-1)?.seq) : null;
  return { items, nextCursor };
}

/** The export's columns: what the page shows (number, when, who, what, journey), then the raw entry. */
const CSV_COLUMNS: Array<[string, (record: AuditRecord) => unknown]> = [
  ['entry', (r) => r.seq],
  ['at', (r) => r.at],
  ['who', (r) => r.who],
  ['what', (r) => r.sentence],
  ['journey', (r) => r.workflowName],
  ['id', (r) => r.id],
  ['actor', (r) => r.actor],
  ['actorRole', (r) => r.actorRole],
  ['action', (r) => r.action],
  ['workflowId', (r) => r.workflowId],
  ['subject', (r) => r.subject],
  ['details', (r) => r.details],
  ['prevHash', (r) => r.prevHash],
  ['hash', (r) => r.hash],
];

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
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const record of records) lines.push(CSV_COLUMNS.map(([, read]) => csvCell(read(record))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
