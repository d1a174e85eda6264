import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContactId,
  isStorableJson,
  MAX_JSON_DEPTH,
  mayHoldUnstorable,
  SafeJson,
  SafeString,
  Timestamp,
  unstorable,
  unstorableJson,
} from './primitives.js';

describe('what Postgres can store', () => {
  it('names NUL and lone surrogates, and accepts paired surrogates (emoji)', () => {
    expect(unstorable('a\u0000b')).toMatch(/NUL/);
    expect(unstorable('\ud800')).toMatch(/lone UTF-16 surrogate/);
    expect(unstorable('x\udfff')).toMatch(/lone/);
    expect(unstorable('😀 ok')).toBeNull();
    expect(SafeString.safeParse('a\u0000').error?.issues[0]?.message).toMatch(/NUL/);
    expect(ContactId.safeParse('').success).toBe(false);
  });

  it('finds the place in a JSON value that cannot be stored, keys included', () => {
    expect(unstorableJson({ a: [1, { b: 'x\u0000' }] })?.path).toEqual(['a', 1, 'b']);
    expect(unstorableJson({ 'k\ud800': 1 })).toEqual({
      path: ['k\ud800'],
      message: expect.stringMatching(/^key /),
    });
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = [deep];
    expect(unstorableJson(deep)?.message).toMatch(/nested deeper/);
    expect(SafeJson.safeParse({ ok: ['fine', 2, null] }).success).toBe(true);
    expect(SafeJson.safeParse({ bad: ['\u0000'] }).error?.issues[0]?.path).toEqual(['bad', 0]);
  });

  it('tells JSON text that may hold a bad string by its escapes', () => {
    expect(mayHoldUnstorable(JSON.stringify({ a: 'x\u0000' }))).toBe(true);
    expect(mayHoldUnstorable(JSON.stringify({ a: '\ud800' }))).toBe(true);
    expect(mayHoldUnstorable('{"a":"\\uDBFF"}')).toBe(true);
    expect(mayHoldUnstorable(JSON.stringify({ a: '😀 é \u0001', b: [1, 2] }))).toBe(false);
  });

  it('gives the same verdict fast (isStorableJson) as with paths (unstorableJson)', () => {
    const odd = fc.constantFrom('\u0000', '\ud800', '\udc00', '😀', 'a', '');
    const text = fc.oneof(
      fc.string(),
      odd,
      fc.tuple(fc.string(), odd).map(([a, b]) => a + b),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(text, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(isStorableJson(value)).toBe(unstorableJson(value) === null);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Timestamp', () => {
  it('accepts instants with an offset between the years 0001 and 9999 (UTC)', () => {
    for (const ok of [
      '2026-11-24T10:00:00Z',
      '2026-11-24T12:00:00.123456+02:00',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
    ])
      expect(Timestamp.safeParse(ok).success, ok).toBe(true);
    for (const bad of [
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:30:00+01:00',
      '9999-12-31T23:30:00-01:00',
      '2026-02-30T00:00:00Z',
      '2026-11-24 10:00:00Z',
      'yesterday',
    ])
      expect(Timestamp.safeParse(bad).success, bad).toBe(false);
  });
});
