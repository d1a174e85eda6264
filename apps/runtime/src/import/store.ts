import type { ContactImport, ImportColumn, ImportSettings, ImportState } from '@crossroads/api';
import type { Queryable } from '../db/connect.js';

/** An import as stored. */
export interface ImportRow {
  id: string;
  workspaceId: string;
  state: ImportState;
  format: 'csv' | 'ndjson';
  key: 'id' | 'email';
  keyColumn: string;
  mode: ImportSettings['mode'];
  columns: ImportColumn[] | null;
  delimiter: ImportSettings['delimiter'];
  fileName: string | null;
  header: string[] | null;
  bytes: number | null;
  bytesRead: number;
  recordsDone: number;
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: number;
  segmentEntries: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Counters one batch adds. */
export type Counts = Pick<
  ImportRow,
  'rowsRead' | 'created' | 'updated' | 'unchanged' | 'skipped' | 'rejected' | 'segmentEntries'
>;

export const noCounts = (): Counts => ({
  rowsRead: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  rejected: 0,
  segmentEntries: 0,
});

// bigint columns come back as numbers (exact below 2^53).
const COLUMNS = `id, workspace_id, state, format, key, key_column, mode, columns, delimiter, file_name, header,
  bytes::float8 as bytes, bytes_read::float8 as bytes_read, records_done::float8 as records_done,
  rows_read::float8 as rows_read, created::float8 as created, updated::float8 as updated,
  unchanged::float8 as unchanged, skipped::float8 as skipped, rejected::float8 as rejected,
  segment_entries::float8 as segment_entries, error, created_at, started_at, finished_at`;

export async function createImportRow(
  sql: Queryable,
  workspaceId: string,
  settings: ImportSettings,
  createdBy: string,
): Promise<ImportRow> {
  const [row] = await sql<ImportRow[]>`
    insert into contact_imports (workspace_id, format, key, key_column, mode, columns, delimiter, file_name, created_by)
    values (${workspaceId}, ${settings.format}, ${settings.key}, ${settings.keyColumn}, ${settings.mode},
            ${settings.columns ? sql.json(settings.columns as never) : null}, ${settings.delimiter},
            ${settings.fileName ?? null}, ${createdBy})
    returning ${sql.unsafe(COLUMNS)}`;
  return row!;
}

export async function findImport(
  sql: Queryable,
  workspaceId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ImportRow | undefined> {
  const [row] = await sql<ImportRow[]>`
    select ${sql.unsafe(COLUMNS)} from contact_imports
    where workspace_id = ${workspaceId} and id = ${id} ${options.lock ? sql`for update` : sql``}`;
  return row;
}

/** An import by id alone (the import job's payload names no workspace). */
export async function importById(sql: Queryable, id: string): Promise<ImportRow | undefined> {
  const [row] = await sql<ImportRow[]>`select ${sql.unsafe(COLUMNS)} from contact_imports where id = ${id}`;
  return row;
}

export async function recentImports(
  sql: Queryable,
  workspaceId: string,
  limit: number,
): Promise<ImportRow[]> {
  return sql<ImportRow[]>`
    select ${sql.unsafe(COLUMNS)} from contact_imports
    where workspace_id = ${workspaceId} order by created_at desc, id limit ${limit}`;
}

/** The first rejected rows of each import (for the status answer). */
async function firstRejections(sql: Queryable, ids: string[]) {
  if (ids.length === 0) return new Map<string, ContactImport['firstRejections']>();
  const rows = await sql<{ importId: string; line: number; column: string | null; reason: string }[]>`
    select r.import_id, r.line::float8 as line, r.column_name as column, r.reason
    from unnest(${ids}::uuid[]) as i(id)
    cross join lateral (
      select import_id, line, column_name, reason from contact_import_rejections
      where import_id = i.id order by line limit 10
    ) as r`;
  const byImport = new Map<string, ContactImport['firstRejections']>();
  for (const { importId, ...rejection } of rows) {
    const list = byImport.get(importId) ?? [];
    list.push(rejection);
    byImport.set(importId, list);
  }
  return byImport;
}

/** Imports as the API describes them (what they did, where to send the file, where the report is). */
export async function describeImports(sql: Queryable, rows: readonly ImportRow[]): Promise<ContactImport[]> {
  const rejections = await firstRejections(
    sql,
    rows.filter((r) => r.rejected > 0).map((r) => r.id),
  );
  return rows.map(({ workspaceId: _, header: __, recordsDone: ___, ...row }) => ({
    ...row,
    upserted: row.created + row.updated,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    uploadUrl: row.state === 'waiting-for-file' ? `/v1/contacts/imports/${row.id}/file` : null,
    reportUrl: `/v1/contacts/imports/${row.id}/rejected`,
    firstRejections: rejections.get(row.id) ?? [],
  }));
}
