import { importValue, unstorable, unstorableJson } from '@crossroads/api';
import type { MappedColumn, Mapping } from './mapping.js';

/** A row that becomes a contact: its key (an id, or an email in lower case) and its attributes. */
export interface ContactRow {
  line: number;
  key: string;
  attributes: Record<string, unknown>;
  /** The row as it was, for the report should the database refuse it. */
  values: unknown;
}

/** A row that was refused: where, which column, why, and the row as it was (cells or the line). */
export interface Rejection {
  line: number;
  column: string | null;
  reason: string;
  values: unknown;
}

export type RowOutcome = ContactRow | Rejection;

export const isRejection = (row: RowOutcome): row is Rejection => 'reason' in row;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_KEY = 200;

/** The row's key, or why it has none. */
function keyOf(mapping: Mapping, raw: unknown): { key: string } | { reason: string } {
  const what = mapping.key === 'email' ? 'email address' : 'contact id';
  if (typeof raw === 'number' && mapping.key === 'id') raw = String(raw);
  if (typeof raw !== 'string' || raw.trim() === '')
    return { reason: `no ${what} in the key column '${mapping.keyColumn}'` };
  const key = raw.trim();
  if (key.length > MAX_KEY) return { reason: `the ${what} is longer than ${MAX_KEY} characters` };
  const why = unstorable(key);
  if (why) return { reason: `the ${what} ${why}` };
  if (mapping.key === 'id') return { key };
  if (!EMAIL.test(key)) return { reason: `'${key.slice(0, 60)}' is not an email address` };
  return { key: key.toLowerCase() };
}

function setColumn(
  attributes: Record<string, unknown>,
  column: MappedColumn,
  raw: unknown,
  mapping: Mapping,
): string | null {
  if (column.column === mapping.keyColumn && mapping.key === 'email' && column.attribute === 'email') {
    attributes.email = typeof raw === 'string' ? raw.trim() : raw;
    return null;
  }
  if (column.type === 'as-is') {
    if (raw === undefined || raw === null || raw === '') return null;
    const bad = unstorableJson(raw);
    if (bad) return `the value ${bad.message}`;
    attributes[column.attribute] = raw;
    return null;
  }
  const cell = importValue(column.type, raw);
  if ('reason' in cell) return cell.reason;
  if ('value' in cell) attributes[column.attribute] = cell.value;
  return null;
}

/**
 * A CSV record as a contact row, or its rejection: a record with another number of cells than
 * the header, no usable key, or a cell that is not of its column's type (the first such cell
 * is named).
 *
 * @example
 * csvRow(mapping, 7, ['ann@acme.io', 'twelve']); // { line: 7, column: 'Seats', reason: "'twelve' is not a number (…)", values: [...] }
 */
export function csvRow(mapping: Mapping, line: number, cells: string[]): RowOutcome {
  if (cells.length !== mapping.width) {
    const reason = `has ${cells.length} cells where the header has ${mapping.width} (a delimiter inside an unquoted value?)`;
    return { line, column: null, reason, values: cells };
  }
  const key = keyOf(mapping, cells[mapping.keyIndex]);
  if ('reason' in key) return { line, column: mapping.keyColumn, reason: key.reason, values: cells };
  const attributes: Record<string, unknown> = {};
  for (const column of mapping.columns) {
    const reason = setColumn(attributes, column, cells[column.index], mapping);
    if (reason) return { line, column: column.column, reason, values: cells };
  }
  return { line, key: key.key, attributes, values: cells };
}

/**
 * An NDJSON line as a contact row, or its rejection (not JSON, not an object, no key, a field
 * of the wrong type). Without declared columns every field is stored as it is (an `id` field
 * of an email-keyed file as `external_id`).
 */
export function ndjsonRow(mapping: Mapping, line: number, text: string, allFields: boolean): RowOutcome {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    return { line, column: null, reason: `not JSON: ${(error as Error).message}`, values: text };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    return { line, column: null, reason: 'not a JSON object', values: text };
  const fields = record as Record<string, unknown>;
  const key = keyOf(mapping, fields[mapping.keyColumn]);
  if ('reason' in key) return { line, column: mapping.keyColumn, reason: key.reason, values: text };
  const attributes: Record<string, unknown> = {};
  const columns: MappedColumn[] = allFields
    ? Object.keys(fields)
        .filter((name) => !(mapping.key === 'id' && name === mapping.keyColumn))
        .map((name) => ({
          column: name,
          index: -1,
          attribute: name === 'id' ? 'external_id' : name,
          type: 'as-is',
        }))
    : [];
  for (const column of [...columns, ...mapping.columns]) {
    if (column.attribute === '' || column.attribute.length > 200 || unstorable(column.attribute))
      return {
        line,
        column: column.column,
        reason: 'the field name cannot be an attribute name',
        values: text,
      };
    const reason = setColumn(attributes, column, fields[column.column], mapping);
    if (reason) return { line, column: column.column, reason, values: text };
  }
  return { line, key: key.key, attributes, values: text };
}
