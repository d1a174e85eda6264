import { describe, expect, it } from 'vitest';
import { lastUsed } from './roles.js';

describe('lastUsed', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  it('says roughly how long ago a key was used', () => {
    expect(lastUsed(null, now)).toBe('Never');
    expect(lastUsed('2026-12-07T11:59:30Z', now)).toBe('Just now');
    expect(lastUsed('2026-12-07T11:30:00Z', now)).toBe('30 minutes ago');
    expect(lastUsed('2026-12-07T09:00:00Z', now)).toBe('3 hours ago');
    expect(lastUsed('2026-12-06T10:00:00Z', now)).toBe('Yesterday');
    expect(lastUsed('2026-11-27T12:00:00Z', now)).toBe('10 days ago');
  });
});
