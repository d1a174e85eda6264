import { mayHoldUnstorable } from '@crossroads/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventInput, isoInstant, MAX_BATCH, parseEvents } from './eventInput.js';

const validEvent = (i: number) => ({
  id: `e-${i}`,
  contactId: `c-${i}`,
  type: 'page.viewed',
  properties: { page: 'pricing', n: i },
  timestamp: '2026-11-24T10:00:00.000Z',
});

/** Values near the edges of every rule: lengths 0/1/200/201, bad names, odd timestamps, non-objects. */
const edgyString = fc.oneof(
  fc.constantFrom('', 'a', 'x'.repeat(200), 'x'.repeat(201), 'has spaces', 'page.viewed', 'ok_:-.9', 'é'),
  fc.constantFrom(
    '2026-11-24T10:00:00Z',
    '2026-11-24T10:00:00.123456+02:00',
    '2024-02-29T00:00:00.000Z',
    '2026-02-29T00:00:00.000Z',
    '2026-11-24T24:00:00.000Z',
    '2026-11-24 10:00:00Z',
    '2026-11-24T10:00:00',
    'yesterday',
  ),
  fc.string({ maxLength: 8 }),
);
const edgyValue = fc.oneof(
  edgyString,
  fc.constantFrom(null, 0, 1, true, [], [1], {}, { a: 1 }),
  fc.dictionary(fc.constantFrom('a', 'b', '__proto__', 'constructor'), fc.jsonValue(), { maxKeys: 3 }),
);
/** Mostly valid fields with an edgy one here and there, so both paths are exercised often. */
const field = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: edgyValue, weight: 1 });
const edgyEvent = fc
  .tuple(
    fc.record(
      {
        id: field(fc.string({ minLength: 1, maxLength: 12 })),
        contactId: field(fc.string({ minLength: 1, maxLength: 12 })),
        type: field(fc.constantFrom('page.viewed', 'signup', 'a:b-c_d')),
        properties: field(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }))),
        timestamp: field(fc.constantFrom('2026-11-24T10:00:00.000Z', '2026-11-24T12:00:00+02:00')),
      },
      { requiredKeys: ['contactId', 'type'] },
    ),
    fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary: edgyValue, weight: 1 }),
  )
  .map(([event, extra]) => (extra === null ? event : { ...event, extra }));

/** What the route sees: JSON text parsed, so `__proto__` is an own key as a client would send it. */
const viaJson = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('parseEvents', () => {
  it('accepts and returns exactly what zod accepts and returns, for single events and batches', () => {
    let valid = 0;
    fc.assert(
      fc.property(edgyEvent, fc.array(edgyEvent, { maxLength: 4 }), (one, many) => {
        const single = viaJson(one);
        const zodSingle = EventInput.safeParse(single);
        const fastSingle = parseEvents(single);
        expect(fastSingle.success).toBe(zodSingle.success);
        if (zodSingle.success) valid++;
        if (fastSingle.success && zodSingle.success) expect(fastSingle.events).toEqual([zodSingle.data]);

        // A batch: each event is judged alone, the valid ones kept, the others refused by index.
        const batch = viaJson({ batch: many });
        const fastBatch = parseEvents(batch);
        // A body whose text cannot hold a bad string skips that check, with the same result.
        if (!mayHoldUnstorable(JSON.stringify(batch)))
          expect(parseEvents(batch, { storable: true })).toEqual(fastBatch);
        expect(fastBatch.success).toBe(many.length > 0);
        if (!fastBatch.success) return;
        const judged = (batch.batch as unknown[]).map((item) => EventInput.safeParse(item));
        expect(fastBatch.events).toEqual(judged.flatMap((r) => (r.success ? [r.data] : [])));
        expect(fastBatch.rejected.map((r) => r.index)).toEqual(
          judged.flatMap((r, index) => (r.success ? [] : [index])),
        );
      }),
      { numRuns: 3000 },
    );
    expect(valid).toBeGreaterThan(1000);
  });

  it('passes valid events through without copying them', () => {
    const body = { batch: [validEvent(1), validEvent(2)] };
    const parsed = parseEvents(body);
    expect(parsed.success && parsed.events[1]).toBe(body.batch[1]);
  });

  it('refuses a bad event of a batch alone, naming it (batch[12].contactId), and keeps the others', () => {
    const batch = Array.from({ length: 20 }, (_, i) => validEvent(i)) as Array<Record<string, unknown>>;
    batch[12] = { ...batch[12], contactId: '' };
    batch[15] = { ...batch[15], properties: { note: 'a\u0000b' } };
    const parsed = parseEvents({ batch });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.events.map((e) => e.id)).toEqual(
      batch.filter((_, i) => i !== 12 && i !== 15).map((e) => e.id),
    );
    expect(parsed.rejected).toEqual([
      { index: 12, field: 'batch[12].contactId', message: expect.any(String) },
      { index: 15, field: 'batch[15].properties.note', message: 'contains a NUL character (\\u0000)' },
    ]);
  });

  it('refuses what Postgres cannot store: NUL, lone surrogates, year 0000, in any field', () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ id: 'a\u0000' }, 'id'],
      [{ contactId: '\ud800' }, 'contactId'],
      [{ properties: { 'k\u0000': 1 } }, 'properties.k\u0000'],
      [{ properties: { k: ['x', { deep: 'y\udfff' }] } }, 'properties.k[1].deep'],
      [{ timestamp: '0000-01-01T00:00:00Z' }, 'timestamp'],
      [{ timestamp: '0001-01-01T00:30:00+01:00' }, 'timestamp'],
    ];
    for (const [change, field] of bad) {
      expect(mayHoldUnstorable(JSON.stringify(change)), field).toBe(!field.includes('timestamp'));
      const single = parseEvents({ ...validEvent(1), ...change });
      expect(single.success, field).toBe(false);
      const batch = parseEvents({ batch: [validEvent(0), { ...validEvent(1), ...change }] });
      expect(batch.success && batch.rejected.map((r) => r.field), field).toEqual([`batch[1].${field}`]);
    }
  });

  it('refuses an empty batch, one too long and keys beside batch', () => {
    expect(parseEvents({ batch: [] }).success).toBe(false);
    expect(
      parseEvents({ batch: Array.from({ length: MAX_BATCH + 1 }, (_, i) => validEvent(i)) }).success,
    ).toBe(false);
    expect(parseEvents({ batch: [validEvent(1)], extra: 1 }).success).toBe(false);
    expect(parseEvents({ batch: Array.from({ length: MAX_BATCH }, (_, i) => validEvent(i)) }).success).toBe(
      true,
    );
  });
});

describe('isoInstant', () => {
  it('prints any accepted timestamp as toISOString() does, keeping those already in that form', () => {
    const samples = [
      '2026-11-24T10:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '2026-11-24T12:00:00+02:00',
      '2026-11-24T10:00:00.123456Z',
      '2026-11-24T10:00:00Z',
    ];
    for (const timestamp of samples) {
      expect(EventInput.shape.timestamp.safeParse(timestamp).success).toBe(true);
      expect(isoInstant(timestamp), timestamp).toBe(new Date(timestamp).toISOString());
    }
    expect(isoInstant('2026-11-24T12:00:00+02:00')).toBe('2026-11-24T10:00:00.000Z');
  });
});
