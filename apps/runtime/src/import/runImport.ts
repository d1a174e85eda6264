import type { Registry } from '@crossroads/nodes';
import type { Sql } from '../db/connect.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import type { Logger } from '../logger.js';
import { counter } from '../metrics.js';
import { csvMapping, type Mapping, ndjsonMapping } from './mapping.js';
import { csvRecords, type FileRecord, ndjsonRecords } from './records.js';
import { csvRow, ndjsonRow, type RowOutcome } from './rows.js';
import { type ImportRow, importById } from './store.js';
import { type Batch, LostImport, type Previous, writeBatch } from './writeBatch.js';

/** Records per transaction: big enough that commits are a small share, small enough to resume cheaply. */
export const BATCH_ROWS = 5000;
/**
 * Batches written at once, on their own connections, committing in file order (writeBatch's
 * `Previous`); the next batch is parsed meanwhile. Two: at 1,000,000 rows they import 18–27 %
 * faster than one on the 2-core bench machine, though Postgres spends up to ~28 % more CPU (both
 * insert into the same pages of contacts' indexes); see docs/benchmarks.md, "Where the import's
 * time goes".
 */
export const WRITERS = 2;

const importedRows = counter({
  name: 'crossroads_import_rows_total',
  help: 'Rows of contact imports read, by outcome',
  labelNames: ['outcome'],
});

export interface ImportDeps {
  sql: Sql;
  registry: Registry;
  logger: Logger;
  /** Records per batch (default BATCH_ROWS; tests use fewer). */
  batchRows?: number;
  /** Batches written at once (default WRITERS). */
  writers?: number;
  /** Called after each batch commits, with the records done (tests stop a run there). */
  onBatch?: (recordsDone: number) => void | Promise<void>;
}

/** The file as stored, piece by piece (one piece in memory at a time). */
async function* fileChunks(sql: Sql, importId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const [chunk] = await sql<{ data: Buffer }[]>`
      select data from contact_import_chunks where import_id = ${importId} and seq = ${seq}`;
    if (!chunk) return;
    yield chunk.data;
  }
}

function outcomeOf(row: ImportRow, mapping: Mapping, record: FileRecord): RowOutcome {
  if ('error' in record) {
    const lines = record.lastLine > record.line ? ` (lines ${record.line}–${record.lastLine})` : '';
    return { line: record.line, column: null, reason: `${record.error}${lines}`, values: [] };
  }
  if ('cells' in record) return csvRow(mapping, record.line, record.cells);
  return ndjsonRow(mapping, record.line, record.text, row.columns === null);
}

/**
 * The `import-contacts` job: reads the stored file, turns each record into a contact row or a
 * rejection, and writes them `BATCH_ROWS` at a time (`writeBatch`, one transaction each; up to
 * `WRITERS` batches written at once, committing in file order, while the next is parsed). It
 * resumes after the records already committed, so a killed worker or a Postgres restart costs at
 * most the batches in flight; the job is retried by Graphile Worker. Anything else that stops it
 * marks the import failed, saying which rows were done, and the file is dropped once the import
 * is over.
 */
export async function runImport(deps: ImportDeps, importId: string): Promise<void> {
  const { sql, registry, logger } = deps;
  const row = await importById(sql, importId);
  if (!row || (row.state !== 'queued' && row.state !== 'running')) return;
  await sql`update contact_imports set state = 'running', started_at = coalesce(started_at, now()) where id = ${row.id}`;
  const inFlight: Previous[] = [];
  try {
    const mapping = row.format === 'csv' ? csvMapping(row, row.header ?? []) : ndjsonMapping(row);
    const chunks = fileChunks(sql, row.id);
    const records = row.format === 'csv' ? csvRecords(chunks, row.delimiter) : ndjsonRecords(chunks);
    let seen = 0;
    let done = row.recordsDone;
    let batch: Batch = { rows: [], from: done, bytes: 0 };
    const send = async () => {
      const next = batch;
      batch = { rows: [], from: next.from + next.rows.length, bytes: 0 };
      while (inFlight.length >= (deps.writers ?? WRITERS)) await inFlight.shift()?.committed;
      let resolved: (ids: ReadonlySet<string>) => void = () => {};
      const ids = new Promise<ReadonlySet<string>>((resolve) => {
        resolved = resolve;
      });
      const order = { previous: inFlight.at(-1), resolved };
      const committed = writeBatch(sql, registry, row, next, order).then(async (counts) => {
        done += next.rows.length;
        await deps.onBatch?.(done);
        importedRows.inc({ outcome: 'read' }, counts.rowsRead);
        importedRows.inc({ outcome: 'rejected' }, counts.rejected);
      });
      // Handled when awaited (a later send or the end); meanwhile not an unhandled rejection.
      committed.catch(() => {});
      inFlight.push({ ids, committed });
    };
    let header = row.format === 'csv';
    for await (const record of records) {
      if (header && 'cells' in record) {
        header = false;
        continue;
      }
      if (++seen <= row.recordsDone) continue;
      batch.rows.push(outcomeOf(row, mapping, record));
      batch.bytes = record.bytes;
      if (batch.rows.length >= (deps.batchRows ?? BATCH_ROWS)) await send();
    }
    if (batch.rows.length > 0) await send();
    while (inFlight.length > 0) await inFlight.shift()?.committed;
    await sql.begin(async (tx) => {
      await tx`update contact_imports set state = 'done', finished_at = now(), bytes_read = coalesce(bytes, bytes_read)
               where id = ${row.id} and state = 'running'`;
      await tx`delete from contact_import_chunks where import_id = ${row.id}`;
    });
    logger.info({ importId: row.id, records: done }, 'contact import done');
  } catch (error) {
    // The batches still in flight fail after this one (they commit in order) or were before it.
    await Promise.allSettled(inFlight.map((f) => f.committed));
    if (isDatabaseUnavailable(error) || error instanceof LostImport) throw error;
    logger.error({ err: error, importId: row.id }, 'contact import failed');
    await fail(sql, row.id, error);
  }
}

/** Ends an import as failed, saying what was done: the rows before the failure stay imported. */
async function fail(sql: Sql, importId: string, error: unknown): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  await sql.begin(async (tx) => {
    const [row] = await tx<{ rowsRead: number }[]>`
      select rows_read::float8 as rows_read from contact_imports where id = ${importId} for update`;
    const message =
      `Stopped after ${row?.rowsRead ?? 0} rows: ${reason}. The rows before stay imported; ` +
      'importing the file again is safe (rows already imported are left unchanged).';
    await tx`update contact_imports set state = 'failed', error = ${message.slice(0, 2000)}, finished_at = now()
             where id = ${importId} and state in ('queued', 'running')`;
    await tx`delete from contact_import_chunks where import_id = ${importId}`;
  });
}
