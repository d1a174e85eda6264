import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContactImport } from '@crossroads/api';
import { progressBar } from './progress.js';

/** What `crossroads import` was asked to do. */
export interface ImportOptions {
  url: string;
  apiKey: string;
  file: string;
  keyColumn: string;
  key?: 'id' | 'email';
  mode?: 'upsert' | 'only-new' | 'only-existing';
  format?: 'csv' | 'ndjson';
  delimiter?: string;
  /** `Header=attribute:type` (type optional: text). */
  columns: string[];
  /** Where the report of rejected rows goes (default: beside the file). */
  report?: string;
  /** How often progress is asked for. */
  pollMs?: number;
}

/** A failure the user can fix: printed as is, exit code 1. */
export class CliError extends Error {}

const TYPES = ['text', 'number', 'boolean', 'date', 'list'];

/** `Seats=seats:number` → { column: 'Seats', attribute: 'seats', type: 'number' }. */
export function parseColumn(spec: string) {
  const match = spec.match(/^(.+?)=([^:]+)(?::(\w+))?$/);
  if (!match) throw new CliError(`--column '${spec}': write it as Header=attribute or Header=attribute:type`);
  const [, column, attribute, type = 'text'] = match;
  if (!TYPES.includes(type))
    throw new CliError(`--column '${spec}': the type must be one of ${TYPES.join(', ')}`);
  return { column: column as string, attribute: attribute as string, type };
}

async function call(options: ImportOptions, method: string, path: string, init: RequestInit = {}) {
  const url = new URL(path, options.url);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      ...init,
      headers: { authorization: `Bearer ${options.apiKey}`, ...init.headers },
    });
  } catch (error) {
    throw new CliError(
      `Cannot reach the Crossroads API at ${options.url} (${(error as Error).cause ?? error}); set --url or CROSSROADS_URL`,
    );
  }
  if (res.status === 401)
    throw new CliError(
      'The API key was refused: set --api-key or CROSSROADS_API_KEY to a key with the admin or ingest role',
    );
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    throw new CliError(`${method} ${url.pathname}: ${res.status} ${problem.detail ?? res.statusText}`);
  }
  return res;
}

/**
 * Imports a file: creates the import with its settings, streams the file to its upload URL (the
 * file is never read whole), then follows its progress with a bar until it ends, and saves the
 * report of rejected rows. Returns the import as it ended.
 */
export async function importContacts(
  options: ImportOptions,
  out: NodeJS.WritableStream,
): Promise<ContactImport> {
  const size = await stat(options.file).then(
    (s) => s.size,
    () => {
      throw new CliError(`No such file: ${options.file}`);
    },
  );
  const format = options.format ?? (['.ndjson', '.jsonl'].includes(extname(options.file)) ? 'ndjson' : 'csv');
  const settings = {
    format,
    keyColumn: options.keyColumn,
    ...(options.key ? { key: options.key } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.columns.length > 0 ? { columns: options.columns.map(parseColumn) } : {}),
    fileName: basename(options.file),
  };
  const created = (await (
    await call(options, 'POST', '/v1/contacts/imports', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    })
  ).json()) as ContactImport;
  const bar = progressBar(out);
  let sent = 0;
  const file = createReadStream(options.file).on('data', (chunk) => {
    sent += chunk.length;
    bar.update(`Uploading ${basename(options.file)}`, sent / Math.max(size, 1));
  });
  await call(options, 'PUT', created.uploadUrl ?? `/v1/contacts/imports/${created.id}/file`, {
    headers: { 'content-type': format === 'csv' ? 'text/csv' : 'application/x-ndjson' },
    body: Readable.toWeb(file) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  let current = created;
  for (;;) {
    current = (await (
      await call(options, 'GET', `/v1/contacts/imports/${created.id}`)
    ).json()) as ContactImport;
    const rows = `${current.rowsRead.toLocaleString('en')} rows, ${current.rejected.toLocaleString('en')} rejected`;
    bar.update(`Importing: ${rows}`, current.bytesRead / Math.max(current.bytes ?? size, 1));
    if (current.state === 'done' || current.state === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
  bar.done();
  out.write(summary(current));
  if (current.rejected > 0) {
    const report = options.report ?? options.file.replace(/(\.[^./]+)?$/, '-rejected.csv');
    const res = await call(options, 'GET', current.reportUrl);
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(report));
    out.write(`Report of the rejected rows (line, column, reason, row): ${report}\n`);
  }
  return current;
}

function summary(done: ContactImport): string {
  const n = (value: number) => value.toLocaleString('en');
  const lines = [
    done.state === 'done' ? 'Import done.' : `Import failed: ${done.error}`,
    `  rows read  ${n(done.rowsRead)}`,
    `  created    ${n(done.created)}`,
    `  updated    ${n(done.updated)}`,
    `  unchanged  ${n(done.unchanged)}`,
    `  skipped    ${n(done.skipped)}`,
    `  rejected   ${n(done.rejected)}`,
    ...done.firstRejections.map((r) => `    line ${r.line}${r.column ? ` (${r.column})` : ''}: ${r.reason}`),
  ];
  if (done.rejected > done.firstRejections.length) lines.push('    …');
  return `${lines.join('\n')}\n`;
}
