import { describe, expect, it } from 'vitest';
import { formatSeen } from './seen.js';

describe('formatSeen', () => {
  it('says how often and how long ago', () => {
    const now = Date.parse('2026-05-10T12:00:00Z');
    expect(formatSeen(1, '2026-05-10T11:30:00Z', now)).toBe('1 time, last 30 min ago');
    expect(formatSeen(1200, '2026-05-07T12:00:00Z', now)).toBe('1,200 times, last 3 days ago');
    expect(formatSeen(2, null, now)).toBe('2 times');
  });
});
