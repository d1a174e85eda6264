import { unstorable, unstorableJson } from './primitives.js';

/**
 * How an imported cell becomes an attribute value, shared by the runtime (which decides) and the
 * editor and CLI (which preview and infer types before sending a file).
 */

export const IMPORT_TYPES = ['text', 'number', 'boolean', 'date', 'list'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

/** What a list cell is split on (HubSpot's multi-select export uses it too). */
export const LIST_SEPARATOR = ';';

/** A cell's value, nothing to set (an empty cell leaves the attribute as it is), or why not. */
export type CellValue = { value: unknown } | { empty: true } | { reason: string };

const EMPTY: CellValue = { empty: true };
const TRUE = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// 2026-03-01, 2026-03-01T10:00, 2026-03-01 10:00:00.5, …Z, …+02:00
const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const shown = (text: string) => `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;

function kind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * An ISO date as stored: `YYYY-MM-DD` stays a date, a date with a time becomes the instant in
 * UTC (`toISOString()`; a time without an offset is taken as UTC). Null when it is no real date.
 *
 * @example
 * isoDate('2026-02-30'); // null
 * isoDate('2026-03-01 10:00+02:00'); // '2026-03-01T08:00:00.000Z'
 */
export function isoDate(text: string): string | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  if (year < 1) return null;
  const day = new Date(Date.UTC(year, Number(mo) - 1, Number(d)));
  day.setUTCFullYear(year);
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return null;
  if (h === undefined) return `${y}-${mo}-${d}`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  const offset = !zone || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(
    `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}.${(frac ?? '0').padEnd(3, '0').slice(0, 3)}${offset}`,
  );
  if (Number.isNaN(ms)) return null;
  const instant = new Date(ms);
  const utcYear = instant.getUTCFullYear();
  return utcYear >= 1 && utcYear <= 9999 ? instant.toISOString() : null;
}

function text(raw: unknown): CellValue {
  if (typeof raw === 'number' || typeof raw === 'boolean') return { value: String(raw) };
  if (typeof raw !== 'string') return { reason: `expected text, got ${kind(raw)}` };
  const why = unstorable(raw);
  return why ? { reason: `the text ${why}` } : { value: raw };
}

function number(raw: unknown): CellValue {
  if (typeof raw === 'number')
    return Number.isFinite(raw) ? { value: raw } : { reason: 'not a finite number' };
  if (typeof raw !== 'string') return { reason: `expected a number, got ${kind(raw)}` };
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!NUMBER.test(trimmed) || !Number.isFinite(value))
    return {
      reason: `${shown(raw)} is not a number (use digits and a dot for decimals, no thousands separators)`,
    };
  return { value };
}

function boolean(raw: unknown): CellValue {
  if (typeof raw === 'boolean') return { value: raw };
  if (typeof raw === 'number' && (raw === 0 || raw === 1)) return { value: raw === 1 };
  const word = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (word !== undefined && TRUE.has(word)) return { value: true };
  if (word !== undefined && FALSE.has(word)) return { value: false };
  return {
    reason: `${typeof raw === 'string' ? shown(raw) : kind(raw)} is not yes/no (use true, false, yes, no, 1 or 0)`,
  };
}

function date(raw: unknown): CellValue {
  if (typeof raw !== 'string') return { reason: `expected a date, got ${kind(raw)}` };
  const value = isoDate(raw.trim());
  return value
    ? { value }
    : { reason: `${shown(raw)} is not a date (use YYYY-MM-DD, or YYYY-MM-DD HH:MM with an optional offset)` };
}

function list(raw: unknown): CellValue {
  if (Array.isArray(raw)) {
    const bad = raw.find((item) => typeof item === 'object' && item !== null);
    if (bad !== undefined) return { reason: `a list may hold text, numbers and yes/no, not ${kind(bad)}` };
    const where = unstorableJson(raw);
    return where ? { reason: `the list ${where.message}` } : { value: raw };
  }
  if (typeof raw !== 'string') return { reason: `expected a list, got ${kind(raw)}` };
  const why = unstorable(raw);
  if (why) return { reason: `the text ${why}` };
  return {
    value: raw
      .split(LIST_SEPARATOR)
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  };
}

const PARSERS: Record<ImportType, (raw: unknown) => CellValue> = { text, number, boolean, date, list };

/**
 * A cell (CSV text, or any JSON value of an NDJSON line) as the attribute value of its type.
 * Empty cells, blank text in a typed column and null set nothing.
 *
 * @example
 * importValue('number', ' 42 '); // { value: 42 }
 * importValue('list', 'a; b;'); // { value: ['a', 'b'] }
 * importValue('boolean', 'maybe'); // { reason: "'maybe' is not yes/no (…)" }
 */
export function importValue(type: ImportType, raw: unknown): CellValue {
  if (raw === undefined || raw === null || raw === '') return EMPTY;
  if (type !== 'text' && typeof raw === 'string' && raw.trim() === '') return EMPTY;
  return PARSERS[type](raw);
}

const looksLikeNumber = (s: string) => NUMBER.test(s.trim()) && !/^[+-]?0\d/.test(s.trim());

/**
 * The type a column's sample values suggest: yes/no words → boolean, numbers (without leading
 * zeros, which codes and phone numbers have) → number, ISO dates → date, values most of which
 * hold `;` → list, else text. Empty samples do not count.
 *
 * @example
 * inferImportType(['12', '7', '']); // 'number'
 * inferImportType(['00123', '00456']); // 'text'
 */
export function inferImportType(samples: readonly unknown[]): ImportType {
  const values = samples.filter((s) => s !== undefined && s !== null && s !== '');
  if (values.length === 0) return 'text';
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'number')) return 'number';
  if (values.every((v) => Array.isArray(v))) return 'list';
  if (!values.every((v) => typeof v === 'string')) return 'text';
  const strings = values as string[];
  const words = strings.map((s) => s.trim().toLowerCase());
  if (words.every((w) => TRUE.has(w) || FALSE.has(w)) && words.some((w) => !/^[01]$/.test(w)))
    return 'boolean';
  if (strings.every(looksLikeNumber)) return 'number';
  if (strings.every((s) => isoDate(s.trim()) !== null)) return 'date';
  if (strings.filter((s) => s.includes(LIST_SEPARATOR)).length * 2 > strings.length) return 'list';
  return 'text';
}

/**
 * An attribute name for a column header: lower case, words joined by `_` (`First Name` →
 * `first_name`); e-mail headers become `email`, the attribute contact search reads.
 */
export function attributeNameFor(header: string): string {
  const name = header
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  if (/^(e_?mail|e_?mail_address|email_addr)$/.test(name)) return 'email';
  if (name === 'id') return 'external_id';
  return name || 'column';
}

/** Whether a header names an email column (an import keyed by it matches contacts by email). */
export const isEmailHeader = (header: string) => attributeNameFor(header) === 'email';
