import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type SendWindow, WEEKDAYS } from './config.js';
import { nextWindowStart } from './sendWindow.js';

// Zones with and without daylight saving, both hemispheres, and odd offsets.
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/Sao_Paulo',
];
const pad = (n: number) => String(n).padStart(2, '0');

// Windows open between 05:00 and 22:59, away from the hours clocks change in these zones.
const windowArb = fc
  .record({
    days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }),
    startMinute: fc.integer({ min: 5 * 60, max: 22 * 60 }),
    length: fc.integer({ min: 1, max: 60 * 6 }),
  })
  .map(({ days, startMinute, length }): SendWindow => {
    const endMinute = Math.min(startMinute + length, 23 * 60 + 59);
    const clock = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
    return { mode: 'until', days, start: clock(startMinute), end: clock(endMinute) };
  });
// Instants across 2025–2027, so every daylight-saving change of those years is crossed.
const instantArb = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => new Date(ms));

function inside(at: Date, window: SendWindow, zone: string): boolean {
  const local = DateTime.fromJSDate(at).setZone(zone);
  const clock = local.toFormat('HH:mm');
  return (
    window.days.includes(WEEKDAYS[local.weekday - 1] as SendWindow['days'][number]) &&
    clock >= window.start &&
    clock < window.end
  );
}

describe('nextWindowStart (property)', () => {
  it('returns now when inside the window, otherwise a later window opening at its local start time', () => {
    fc.assert(
      fc.property(instantArb, windowArb, fc.constantFrom(...ZONES), (now, window, zone) => {
        const next = nextWindowStart(now, window, zone);
        if (inside(now, window, zone)) {
          expect(next.getTime()).toBe(now.getTime());
          return;
        }
        expect(next.getTime()).toBeGreaterThan(now.getTime());
        expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(8 * 24 * 3_600_000);
        const local = DateTime.fromJSDate(next).setZone(zone);
        expect(local.toFormat('HH:mm')).toBe(window.start);
        expect(inside(next, window, zone)).toBe(true);
        // Nothing earlier qualifies: one minute before the opening is outside the window.
        expect(inside(new Date(next.getTime() - 60_000), window, zone)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
