import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Sql } from '../db/connect.js';
import type { ImportRow } from './store.js';

const PAGE = 2000;

/** The report's rows: line, column, reason, then the row as it was, read a page at a time. */
async function* reportRows(sql: Sql, row: ImportRow): AsyncGenerator<unknown[]> {
  const header = row.format === 'csv' ? (row.header ?? []) : ['row'];
  yield ['line', 'column', 'reason', ...header];
  for (let after = 0; ; ) {
    const page = await sql<{ line: number; column: string | null; reason: string; rowValues: unknown }[]>`
      select line::float8 as line, column_name as column, reason, row_values from contact_import_rejections
      where import_id = ${row.id} and line > ${after} order by line limit ${PAGE}`;
    for (const r of page) {
      const values = Array.isArray(r.rowValues) ? r.rowValues : [r.rowValues];
      yield [r.line, r.column ?? '', r.reason, ...values];
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!.line;
  }
}

/**
 * Every rejected row of an import as CSV, streamed: `line`, `column`, `reason`, then the row as
 * it was under the file's own headers (NDJSON: the line in a `row` column). Fix the rows and
 * import the report with the same mapping: its three extra columns are not mapped.
 */
export function reportCsv(sql: Sql, row: ImportRow): ReadableStream<Uint8Array> {
  const csv = Readable.from(reportRows(sql, row)).pipe(stringify({ bom: true }));
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
