import {
  EVENT_TYPE_PATTERN,
  EventBatch,
  EventInput,
  isStorableJson,
  MAX_BATCH,
  type RejectedEvent,
  Timestamp,
  unstorable,
} from '@crossroads/api';
import { formatPath } from '@crossroads/graph-schema';
import { z } from 'zod';

// The schemas are the HTTP contract's (@crossroads/api); re-exported for the ingest code.
export { EventBatch, EventInput, MAX_BATCH };

/** A batch as a whole: 1 to MAX_BATCH events, each then parsed (and maybe refused) on its own. */
const BatchEnvelope = z.strictObject({ batch: z.array(z.unknown()).min(1).max(MAX_BATCH) });

/** The very pattern zod checks timestamps with, so both paths accept the same strings. */
const TIMESTAMP_PATTERN: RegExp | undefined = Timestamp._zod.def.pattern;
const KEYS = new Set(['id', 'contactId', 'type', 'properties', 'timestamp']);

const text = (value: unknown, max: number, strings: boolean): value is string =>
  typeof value === 'string' &&
  value.length >= 1 &&
  value.length <= max &&
  (!strings || unstorable(value) === null);

// Years whose every instant (any offset) is inside Timestamp's range: the edges go to zod.
const safeYear = (timestamp: string) => {
  const year = Number(timestamp.slice(0, 4));
  return year >= 2 && year <= 9998;
};

/**
 * True only for what `EventInput` accepts and returns unchanged, checked without zod's per-field
 * machinery and without copying: ingest validates up to 1000 events per request, and zod's
 * parse was a tenth of the API's CPU. Anything else (including valid input it is unsure of, such
 * as an own `__proto__` key that zod drops) goes to zod, which decides and names the field.
 */
function plainValidEvent(value: unknown, strings = true): value is EventInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const event = value as Record<string, unknown>;
  for (const key in event) if (!KEYS.has(key)) return false;
  if (!text(event.contactId, 200, strings) || !text(event.type, 200, false)) return false;
  if (!EVENT_TYPE_PATTERN.test(event.type)) return false;
  if (event.id !== undefined && !text(event.id, 200, strings)) return false;
  if (event.timestamp !== undefined) {
    // Without zod's pattern (a zod change), every timestamp goes to zod.
    if (typeof event.timestamp !== 'string' || !TIMESTAMP_PATTERN?.test(event.timestamp)) return false;
    if (!safeYear(event.timestamp)) return false;
  }
  const properties = event.properties;
  if (properties !== undefined) {
    if (typeof properties !== 'object' || properties === null) return false;
    if (Object.getPrototypeOf(properties) !== Object.prototype || Object.hasOwn(properties, '__proto__'))
      return false;
    const values = properties as Record<string, unknown>;
    for (const key in values) {
      if (!text(key, 200, strings)) return false;
      const property = values[key];
      // Only strings and nested values can be refused (NUL, surrogates, depth).
      if (
        (typeof property === 'object' || (strings && typeof property === 'string')) &&
        !isStorableJson(property, strings)
      )
        return false;
    }
  }
  return true;
}

export type EventsParse =
  | { success: true; events: EventInput[]; rejected: RejectedEvent[] }
  | { success: false; error: z.ZodError };

/**
 * Validates a parsed JSON body: one event, or `{ batch: [...] }` of 1 to MAX_BATCH events.
 * Valid events take a fast path that returns them as they are; the rest are parsed by zod
 * (`EventInput`), whose error names the field. An invalid event of a batch is refused alone
 * (`rejected`, with its index and the field, e.g. `batch[12].contactId`); a malformed single
 * event or batch envelope is an error. `storable`: the caller knows no string in `raw` holds
 * what Postgres cannot store (see `mayHoldUnstorable`), so the fast path skips that check.
 *
 * @example
 * const parsed = parseEvents(JSON.parse(body));
 * if (!parsed.success) throw fromZodError(parsed.error);
 * await ingestEvents(sql, registry, workspaceId, parsed.events);
 */
export function parseEvents(raw: unknown, options: { storable?: boolean } = {}): EventsParse {
  const strings = !options.storable;
  const valid = (value: unknown): value is EventInput => plainValidEvent(value, strings);
  const isBatch = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'batch' in raw;
  if (!isBatch) {
    if (valid(raw)) return { success: true, events: [raw], rejected: [] };
    const parsed = EventInput.safeParse(raw);
    return parsed.success ? { success: true, events: [parsed.data], rejected: [] } : parsed;
  }
  const batch = (raw as { batch: unknown }).batch;
  if (
    Object.keys(raw).length === 1 &&
    Array.isArray(batch) &&
    batch.length >= 1 &&
    batch.length <= MAX_BATCH &&
    batch.every(valid)
  ) {
    return { success: true, events: batch, rejected: [] };
  }
  const envelope = BatchEnvelope.safeParse(raw);
  if (!envelope.success) return envelope;
  const events: EventInput[] = [];
  const rejected: RejectedEvent[] = [];
  for (const [index, item] of envelope.data.batch.entries()) {
    const parsed = plainValidEvent(item)
      ? { success: true as const, data: item }
      : EventInput.safeParse(item);
    if (parsed.success) events.push(parsed.data);
    else {
      const issue = parsed.error.issues[0]!;
      rejected.push({ index, field: formatPath(['batch', index, ...issue.path]), message: issue.message });
    }
  }
  return { success: true, events, rejected };
}

// toISOString()'s own form. A validated timestamp in it is kept as it is: parsing it into a Date
// and printing it again gives the same string and cost as much as the rest of validation.
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The timestamp as `toISOString()` prints it (UTC, milliseconds), as events are stored and matched.
 *
 * @example
 * isoInstant('2026-11-24T12:00:00+02:00'); // '2026-11-24T10:00:00.000Z'
 */
export const isoInstant = (timestamp: string): string =>
  ISO_INSTANT.test(timestamp) ? timestamp : new Date(timestamp).toISOString();
