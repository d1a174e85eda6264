import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileLogic } from '../src/logic/index.js';

type Case = [rule: unknown, data: unknown, expected: unknown];

const entries: unknown[] = JSON.parse(
  readFileSync(new URL('./fixtures/jsonlogic-tests.json', import.meta.url), 'utf8'),
);
const cases = entries.filter((entry): entry is Case => typeof entry !== 'string');

describe('official JSONLogic test suite (jsonlogic.com/tests.json)', () => {
  it('has the expected number of cases', () => {
    expect(cases).toHaveLength(277);
  });

  it.each(cases.map((c, i) => [i, JSON.stringify(c[0]), c] as const))(
    'case %i: %s',
    (_i, _label, [rule, data, expected]) => {
      expect(compileLogic(rule)(data)).toEqual(expected);
    },
  );
});
