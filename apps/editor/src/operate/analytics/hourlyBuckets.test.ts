import { describe, expect, it } from 'vitest';
import { hourlyBuckets } from './hourlyBuckets.js';

describe('hourlyBuckets', () => {
  it('fills empty hours with zeros and sums versions per hour', () => {
    const out = hourlyBuckets(
      [
        { at: '2026-11-24T01:00:00Z', count: 3 },
        { at: '2026-11-24T01:00:00Z', count: 2 },
        { at: '2026-11-23T20:00:00Z', count: 9 },
      ],
      new Date('2026-11-24T02:10:00Z'),
      3,
    );
    expect(out).toEqual([
      { at: '2026-11-24T00:00:00.000Z', count: 0 },
      { at: '2026-11-24T01:00:00.000Z', count: 5 },
      { at: '2026-11-24T02:00:00.000Z', count: 0 },
    ]);
  });
});
