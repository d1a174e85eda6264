import {
  attributeNameFor,
  type ImportColumn,
  type ImportType,
  inferImportType,
  isEmailHeader,
} from '@crossroads/api';
import { parse } from 'csv-parse/browser/esm/sync';

/** Bytes of the file read for the preview (the file itself is sent whole, streamed). */
export const PREVIEW_BYTES = 64 * 1024;
const PREVIEW_ROWS = 5;
const SAMPLE_ROWS = 200;

export interface Preview {
  format: 'csv' | 'ndjson';
  delimiter: ',' | ';' | '\t' | '|';
  headers: string[];
  /** The first rows, as text, in the order of `headers`. */
  rows: string[][];
  /** Per header: the type its sample values suggest. */
  types: ImportType[];
}

const cell = (value: unknown) =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The start of a file as a table: its columns, first rows and the types their values suggest.
 * Only whole lines are read (the last, possibly cut, line of the piece is left out).
 *
 * @example
 * previewOf('email,seats\na@x.io,3\n', 'people.csv') // { headers: ['email','seats'], types: ['text','number'], … }
 */
export function previewOf(text: string, fileName: string, complete = true): Preview {
  const whole = complete ? text : text.slice(0, text.lastIndexOf('\n') + 1) || text;
  if (/\.(nd)?jsonl?$/i.test(fileName) || whole.trimStart().startsWith('{')) {
    const objects = whole
      .split('\n')
      .filter((line) => line.trim())
      .slice(0, SAMPLE_ROWS)
      .flatMap((line) => {
        try {
          const value = JSON.parse(line);
          return value && typeof value === 'object' && !Array.isArray(value)
            ? [value as Record<string, unknown>]
            : [];
        } catch {
          return [];
        }
      });
    const headers = [...new Set(objects.flatMap((o) => Object.keys(o)))];
    return {
      format: 'ndjson',
      delimiter: ',',
      headers,
      rows: objects.slice(0, PREVIEW_ROWS).map((o) => headers.map((h) => cell(o[h]))),
      types: headers.map((h) => inferImportType(objects.map((o) => o[h]))),
    };
  }
  const delimiter = (['\t', ';', '|'] as const).find((d) => count(whole, d) > count(whole, ',')) ?? ',';
  const records = parse(whole.replace(/^\uFEFF/, ''), {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    to: SAMPLE_ROWS + 1,
  }) as string[][];
  const [headers = [], ...rows] = records;
  return {
    format: 'csv',
    delimiter,
    headers,
    rows: rows.slice(0, PREVIEW_ROWS),
    types: headers.map((_, i) => inferImportType(rows.map((r) => r[i]))),
  };
}

/** How often the first line holds a delimiter (the likeliest is the most frequent). */
const count = (text: string, delimiter: string) => (text.split('\n')[0] ?? '').split(delimiter).length;

export interface ColumnChoice {
  column: string;
  include: boolean;
  attribute: string;
  type: ImportType;
}

/** The mapping the page starts from: every column, named and typed as the file suggests. */
export function initialChoices(preview: Preview): { key: string; columns: ColumnChoice[] } {
  const key =
    preview.headers.find(isEmailHeader) ??
    preview.headers.find((h) => attributeNameFor(h) === 'id') ??
    preview.headers[0] ??
    '';
  return {
    key,
    columns: preview.headers.map((column, i) => ({
      column,
      include: true,
      attribute: attributeNameFor(column),
      type: preview.types[i] ?? 'text',
    })),
  };
}

/** The columns to send: the included ones but an id key column (the key is the contact's id). */
export function mappedColumns(
  choices: readonly ColumnChoice[],
  key: string,
  keyIsId: boolean,
): ImportColumn[] {
  return choices
    .filter((c) => c.include && !(keyIsId && c.column === key))
    .map(({ column, attribute, type }) => ({ column, attribute, type }));
}
