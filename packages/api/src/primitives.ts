import { z } from 'zod';

/**
 * Building blocks every route schema is made of. Each one refuses, with a message naming the
 * field, what Postgres cannot store (text and jsonb hold no NUL and no lone UTF-16 surrogate) or
 * what its timestamp range cannot hold, so no user input reaches the database as a 500.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why Postgres could not store this string, or null when it can.
 *
 * @example
 * unstorable('a\u0000b'); // 'contains a NUL character (\\u0000)'
 */
export function unstorable(text: string): string | null {
  if (!SUSPECT.test(text)) return null;
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (invalid Unicode)';
  return null;
}

/** Deepest nesting accepted inside a free-form JSON value (event properties, attributes, rules). */
export const MAX_JSON_DEPTH = 64;

/**
 * Where in a JSON value something cannot be stored, and why; null when all of it can. Walks
 * without recursion, so a hostile depth cannot overflow the stack.
 */
export function unstorableJson(value: unknown): { path: Array<string | number>; message: string } | null {
  const stack: Array<[unknown, Array<string | number>]> = [[value, []]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const why = unstorable(current);
      if (why) return { path, message: why };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (path.length >= MAX_JSON_DEPTH)
      return { path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    const isArray = Array.isArray(current);
    for (const key of Object.keys(current)) {
      if (!isArray) {
        const why = unstorable(key);
        if (why) return { path: [...path, key], message: `key ${why}` };
      }
      stack.push([(current as Record<string, unknown>)[key], [...path, isArray ? Number(key) : key]]);
    }
  }
  return null;
}

const storableText = (text: string) => !SUSPECT.test(text) || unstorable(text) === null;

/**
 * Whether Postgres can store every string of a JSON value as jsonb, and it nests at most
 * MAX_JSON_DEPTH deep: the same verdict as `unstorableJson`, without building paths (ingest's
 * hot path). With `strings: false` only the depth is checked (the caller knows the strings are
 * fine, see `mayHoldUnstorable`). Recursion is bounded by MAX_JSON_DEPTH.
 */
export function isStorableJson(value: unknown, strings = true, depth = 0): boolean {
  if (typeof value === 'string') return !strings || storableText(value);
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isStorableJson(value[i], strings, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (strings && !storableText(key)) return false;
    if (!isStorableJson((value as Record<string, unknown>)[key], strings, depth + 1)) return false;
  }
  return true;
}

/**
 * Whether JSON text may hold a string Postgres cannot store. Once parsed, a NUL or a UTF-16
 * surrogate can only come from a `\u0000` or `\uD800`–`\uDFFF` escape (raw control characters
 * are not JSON, and decoded UTF-8 has no surrogates), so text without those escapes is safe
 * throughout: one scan instead of a check of every string.
 */
export const mayHoldUnstorable = (json: string) => /\\u(?:0000|[dD][89a-fA-F])/.test(json);

/** Any string Postgres can store. Add `.min()`/`.max()` for the field's own limits. */
export const SafeString = z.string().superRefine((text, ctx) => {
  const why = unstorable(text);
  if (why) ctx.addIssue({ code: 'custom', message: why, input: text });
});

/** Any JSON value Postgres can store as jsonb (no NUL, no lone surrogate, at most MAX_JSON_DEPTH deep). */
export const SafeJson = z.unknown().superRefine((value, ctx) => {
  const bad = unstorableJson(value);
  if (bad) ctx.addIssue({ code: 'custom', message: bad.message, path: bad.path, input: value });
});

/** A JSON object of free-form values, e.g. event properties or contact attributes. */
export const SafeRecord = z.record(SafeString.max(200), SafeJson);

/** A display name: trimmed, 1–200 characters. */
export const Name = SafeString.trim().min(1, 'must not be empty').max(200);

/** Earliest and latest instants accepted: inside what Postgres' timestamptz and JS dates both hold. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/**
 * An ISO-8601 instant with offset (`2026-11-24T10:00:00Z`, `…+02:00`) between the years 0001 and
 * 9999 (UTC). Postgres has no year 0 and rejects it with an error, not a 400.
 */
export const Timestamp = z.iso.datetime({ offset: true }).superRefine((text, ctx) => {
  const ms = Date.parse(text);
  const year = Number.isNaN(ms) ? Number.NaN : new Date(ms).getUTCFullYear();
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an instant between 0001-01-01 and 9999-12-31 (UTC)',
      input: text,
    });
  }
});

/** An instant in a response (what `Date.toJSON()` or Postgres' JSON gives). */
export const Instant = z.iso.datetime({ offset: true });

/** A uuid in any letter case (Postgres' own form is lower case). */
export const Uuid = z.guid();

/**
 * Metadata key of a path parameter whose invalid value answers 404 "<what> … was not found"
 * instead of 400: anything that is not an id cannot name a row.
 */
export const NOT_FOUND = 'x-not-found';

/**
 * A uuid path parameter naming a `what` (e.g. 'Workflow'), lower-cased; anything else is a 404.
 *
 * @example
 * params: z.object({ id: pathUuid('Workflow') })
 */
export const pathUuid = (what: string) =>
  z
    .guid()
    .transform((id) => id.toLowerCase())
    .meta({ [NOT_FOUND]: what, description: `${what} id` });

/** A ledger entry or trace step id (a bigint as text). */
export const EntryId = z.string().regex(/^\d{1,18}$/, 'must be an entry id');

/** A contact id as the client chose it: 1–200 characters. */
export const ContactId = SafeString.min(1).max(200);

/** A query parameter page size: `limitQuery(100, 500)` defaults to 100 and allows 1–500. */
export const limitQuery = (defaultLimit: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(defaultLimit);
