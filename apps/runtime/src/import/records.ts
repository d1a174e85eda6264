import { Readable } from 'node:stream';
import { type CsvError, Parser } from 'csv-parse';

/**
 * A file's records as they stream in, each with the line it starts on and the bytes read so far:
 * CSV cells, an NDJSON line, or a record that could not be read (`error`, e.g. a quote never
 * closed, which swallows the lines after it). Only the current chunk and record are in memory.
 */
export type FileRecord = { line: number; bytes: number } & (
  | { cells: string[] }
  | { text: string }
  | { error: string; lastLine: number }
);

/** csv-parse's Parser, giving each record the line it starts on (read from its live `info`, per record: cheap). */
class LineParser extends Parser {
  private lastEnd = 0;
  private lastEmpty = 0;

  constructor(delimiter: string) {
    super({
      delimiter,
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        this?.pushError(error);
        return undefined;
      },
    });
  }

  private startLine(): number {
    const { lines, empty_lines: empty } = this.info;
    const start = this.lastEnd + 1 + (empty - this.lastEmpty);
    this.lastEnd = lines;
    this.lastEmpty = empty;
    return start;
  }

  private pushError(error: CsvError | undefined): void {
    const lastLine = this.info.lines;
    const line = Math.min(this.startLine(), lastLine);
    const message = (error?.message ?? 'unreadable record').replace(/ at line \d+.*$/, '');
    super.push({ line, lastLine, bytes: this.info.bytes, error: message });
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    return super.push({ line: this.startLine(), bytes: this.info.bytes, cells: record as string[] });
  }
}

/**
 * The records of a CSV file, the header first.
 *
 * @example
 * for await (const record of csvRecords(chunks, ',')) if ('cells' in record) console.log(record.line, record.cells);
 */
export function csvRecords(chunks: AsyncIterable<Buffer>, delimiter: string): AsyncIterable<FileRecord> {
  return Readable.from(chunks).pipe(new LineParser(delimiter));
}

const NEWLINE = 0x0a;
/** Longest NDJSON line read; a longer one is rejected without being held (a file with no newline). */
export const MAX_LINE_BYTES = 1024 * 1024;

/** The lines of an NDJSON file that are not blank, with their line numbers (a BOM is dropped). */
export async function* ndjsonRecords(chunks: AsyncIterable<Buffer>): AsyncGenerator<FileRecord> {
  let line = 0;
  let bytes = 0;
  let rest: Buffer = Buffer.alloc(0);
  // Inside a line over MAX_LINE_BYTES: its bytes are dropped until its end.
  let tooLong = false;
  const emit = (buffer: Buffer, start: number, end: number): FileRecord | undefined => {
    line++;
    if (tooLong) {
      tooLong = false;
      return { line, bytes, error: `longer than ${MAX_LINE_BYTES} bytes`, lastLine: line };
    }
    let text = buffer.toString('utf8', start, end);
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text.trim() === '' ? undefined : { line, bytes, text };
  };
  for await (const chunk of chunks) {
    const buffer: Buffer = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE); end >= 0; end = buffer.indexOf(NEWLINE, start)) {
      bytes += end + 1 - start;
      const record = emit(buffer, start, end);
      if (record) yield record;
      start = end + 1;
    }
    rest = buffer.subarray(start);
    if (rest.length > MAX_LINE_BYTES) {
      bytes += rest.length;
      rest = Buffer.alloc(0);
      tooLong = true;
    }
  }
  if (rest.length > 0 || tooLong) {
    bytes += rest.length;
    const record = emit(rest, 0, rest.length);
    if (record) yield record;
  }
}
