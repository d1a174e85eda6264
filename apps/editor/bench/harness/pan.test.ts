import { describe, expect, it } from 'vitest';
import { frameRates, median } from './pan.js';

describe('frameRates', () => {
  it('counts frames per full 500 ms window', () => {
    const sixtyHz = Array.from({ length: 61 }, (_, i) => i * (1000 / 60));
    expect(frameRates(sixtyHz)).toEqual([60, 60]);
  });

  it('shows a stall as a slow window', () => {
    const times = [...Array.from({ length: 30 }, (_, i) => i * 16.7), 900, 1000];
    expect(frameRates(times)).toEqual([60, 2]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
