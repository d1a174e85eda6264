import { type ImportSettings, MAX_IMPORT_BYTES } from '@crossroads/api';
import { parse } from 'csv-parse/sync';
import { recordAudit } from '../access/audit.js';
import type { Sql, TransactionSql } from '../db/connect.js';
import { addJobs } from '../queue/jobs.js';
import { csvMapping, MappingError } from './mapping.js';
import { createImportRow, findImport, type ImportRow } from './store.js';
import { importJob } from './tasks.js';

/** Pieces the file is stored in. */
export const CHUNK_BYTES = 1024 * 1024;

/** Why a file was not taken, as the HTTP status that says so. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** The import that receives the file: one waiting for it, or a new one made with it. */
export type UploadTarget = { importId: string } | { settings: ImportSettings };

/**
 * Stores a file streamed in the request body and queues its import, all in one transaction: an
 * upload that breaks off (client gone, process killed, database restarted) leaves no trace, and
 * the import, if it existed, still waits for its file. The file goes to Postgres in 1 MiB pieces
 * as it arrives (never whole in memory); the header of a CSV file is checked against the
 * mapping first, so a missing column is a 400 now rather than a failed import later.
 */
export async function receiveFile(
  sql: Sql,
  workspaceId: string,
  actor: string,
  target: UploadTarget,
  body: AsyncIterable<Uint8Array>,
): Promise<ImportRow> {
  return sql.begin(async (tx) => {
    const row =
      'settings' in target
        ? await createImportRow(tx, workspaceId, target.settings, actor)
        : await findImport(tx, workspaceId, target.importId, { lock: true });
    if (!row) throw new UploadRefused(404, 'Import not found');
    if (row.state !== 'waiting-for-file')
      throw new UploadRefused(409, `This import already has its file (it is ${row.state})`);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let total = 0;
    let header: string[] | null = null;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const data = Buffer.concat(pending, pendingBytes);
      if (seq === 0) header = checkStart(row, data, total > pendingBytes || pendingBytes >= CHUNK_BYTES);
      await tx`insert into contact_import_chunks (import_id, seq, data) values (${row.id}, ${seq}, ${data})`;
      seq++;
      pending = [];
      pendingBytes = 0;
    };
    for await (const piece of body) {
      total += piece.byteLength;
      if (total > MAX_IMPORT_BYTES)
        throw new UploadRefused(413, `The file is larger than ${MAX_IMPORT_BYTES / 1024 ** 3} GiB`);
      pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
      pendingBytes += piece.byteLength;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    if (total === 0) throw new UploadRefused(400, 'The file is empty');
    return queue(tx, row, total, header, actor);
  });
}

async function queue(
  tx: TransactionSql,
  row: ImportRow,
  bytes: number,
  header: string[] | null,
  actor: string,
) {
  await tx`
    update contact_imports set state = 'queued', bytes = ${bytes},
      header = ${header ? tx.json(header) : null}
    where id = ${row.id}`;
  await addJobs(tx, [importJob(row.id)]);
  await recordAudit(tx, {
    workspaceId: row.workspaceId,
    actor,
    action: 'contacts.import-started',
    subject: row.fileName ?? row.id,
    details: { importId: row.id, bytes, mode: row.mode, key: row.key, keyColumn: row.keyColumn },
  });
  return { ...row, state: 'queued' as const, bytes, header };
}

/**
 * The first piece of the file, checked: a CSV header that holds the key and every mapped column
 * (returned), an NDJSON first line that is a JSON object.
 */
function checkStart(row: ImportRow, data: Buffer, more: boolean): string[] | null {
  const newline = data.indexOf(0x0a);
  if (row.format === 'ndjson') {
    const first = data
      .toString('utf8', 0, newline < 0 ? data.length : newline)
      .replace(/^\uFEFF/, '')
      .trim();
    if (first.startsWith('{') || (newline < 0 && more)) return null;
    throw new UploadRefused(
      400,
      'The first line is not a JSON object: is this a CSV file? (send format csv)',
    );
  }
  if (newline < 0 && more) throw new UploadRefused(400, 'The CSV header line is longer than 1 MiB');
  let header: string[];
  try {
    const [first] = parse(data.subarray(0, newline < 0 ? data.length : newline + 1), {
      delimiter: row.delimiter,
      bom: true,
      relax_quotes: true,
      to_line: 1,
    }) as string[][];
    header = first ?? [];
  } catch (error) {
    throw new UploadRefused(400, `The CSV header cannot be read: ${(error as Error).message}`);
  }
  if (header.length === 0) throw new UploadRefused(400, 'The file has no header line');
  try {
    csvMapping(row, header);
  } catch (error) {
    if (error instanceof MappingError) throw new UploadRefused(400, error.message);
    throw error;
  }
  return header;
}
