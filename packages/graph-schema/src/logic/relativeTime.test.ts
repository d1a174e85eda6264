import { describe, expect, it } from 'vitest';
import { compileLogic } from './compile.js';
import { clockOf, daysAgo, daysUntil, nextCheck } from './relativeTime.js';
import { truthy } from './runtime.js';

const lastSeen = { var: 'contact.last_seen_at' };
const trialEnds = { var: 'contact.trial_ends_at' };
/** What the condition builder writes for "last seen is more than 30 days ago" and "within the last 7 days". */
const dormant = { '>': [daysAgo(lastSeen), 30] };
const recent = { '<=': [0, daysAgo(lastSeen), 7] };
/** "Trial ends within 3 days" (today included). */
const endingSoon = { '<=': [0, daysUntil(trialEnds), 3] };
const ended = { '<': [trialEnds, { var: 'now' }] };

const compiled = new Map<unknown, ReturnType<typeof compileLogic>>();
const holds = (rule: unknown, contact: Record<string, unknown>, at: Date) => {
  if (!compiled.has(rule)) compiled.set(rule, compileLogic(rule));
  return truthy(compiled.get(rule)?.({ contact, now: at.toISOString() }));
};

/**
 * Walks the clock from `from` for `days` days in `stepMs` steps and checks that the rule's answer
 * changes only at instants nextCheck announced: between two announced instants it never changes.
 */
const clocks = new Map<unknown, ReturnType<typeof clockOf>>();
function checkSchedule(
  rule: unknown,
  contact: Record<string, unknown>,
  from: string,
  days: number,
  stepMs = 3_600_000,
) {
  if (!clocks.has(rule)) clocks.set(rule, clockOf(rule));
  const clock = clocks.get(rule) as ReturnType<typeof clockOf>;
  let now = new Date(from);
  let answer = holds(rule, contact, now);
  let due = nextCheck(clock, { contact }, now);
  const flips: string[] = [];
  /** Announced instants at which the answer stayed as it was (checks spent for nothing). */
  let wasted = 0;
  for (let t = now.getTime() + stepMs; t <= now.getTime() + days * 86_400_000; t += stepMs) {
    const at = new Date(t);
    const next = holds(rule, contact, at);
    if (due && at >= due && next === answer) wasted++;
    if (next !== answer) {
      expect(due, `changed at ${at.toISOString()} with nothing announced`).not.toBeNull();
      expect(
        at.getTime(),
        `changed at ${at.toISOString()} before ${due?.toISOString()}`,
      ).toBeGreaterThanOrEqual((due as Date).getTime());
      flips.push(at.toISOString());
      answer = next;
    }
    if (due && at >= due) due = nextCheck(clock, { contact }, at);
  }
  now = new Date(from);
  return Object.assign(flips, { wasted });
}

describe('relative time in rules', () => {
  it('reads the clock of the rules the condition builder writes', () => {
    expect(clockOf(dormant).kind).toBe('exact');
    expect(clockOf(recent).kind).toBe('exact');
    expect(clockOf(endingSoon).kind).toBe('exact');
    expect(clockOf(ended).kind).toBe('exact');
    expect(clockOf({ and: [dormant, { '==': [{ var: 'contact.plan' }, 'pro'] }] }).terms).toHaveLength(1);
    expect(clockOf({ '>': [{ var: 'contact.lead_score' }, 50] }).kind).toBe('none');
    // Reads of `now` it cannot schedule exactly: only its date → every midnight; else every hour.
    expect(clockOf({ '==': [{ substr: [{ var: 'now' }, 5, 5] }, '12-24'] }).kind).toBe('daily');
    expect(clockOf({ '==': [{ substr: [{ var: 'now' }, 11, 2] }, '09'] }).kind).toBe('hourly');
    expect(clockOf({ var: { cat: ['n', 'ow'] } }).kind).toBe('hourly');
  });

  it('announces the midnight a contact crosses "more than 30 days ago"', () => {
    const clock = clockOf(dormant);
    const contact = { last_seen_at: '2026-11-01T08:00:00Z' };
    const next = nextCheck(clock, { contact }, new Date('2026-11-20T12:00:00Z'));
    expect(next?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(holds(dormant, contact, new Date('2026-12-01T23:59:59Z'))).toBe(false);
    expect(holds(dormant, contact, new Date('2026-12-02T00:00:00Z'))).toBe(true);
    // After it has crossed, nothing more changes with time.
    expect(nextCheck(clock, { contact }, new Date('2026-12-02T00:00:00Z'))).toBeNull();
    // Nothing to count from: time changes nothing.
    expect(nextCheck(clock, { contact: {} }, new Date('2026-11-20T12:00:00Z'))).toBeNull();
  });

  it('never lets an answer change between the instants it announced', { timeout: 60_000 }, () => {
    const contacts = [
      { last_seen_at: '2026-10-30T23:59:00Z', trial_ends_at: '2026-11-03' },
      { last_seen_at: '2027-02-27', trial_ends_at: '2027-03-01T10:30:00Z' },
      { last_seen_at: '2028-02-28T00:00:00.000Z', trial_ends_at: '2028-03-02' },
      { last_seen_at: 'not a date', trial_ends_at: null },
    ];
    let flips = 0;
    for (const contact of contacts) {
      for (const rule of [
        dormant,
        recent,
        endingSoon,
        ended,
        { or: [dormant, endingSoon] },
        { '!': recent },
      ]) {
        flips += checkSchedule(rule, contact, '2026-10-25T00:30:00Z', 40).length;
        flips += checkSchedule(rule, contact, '2027-02-20T00:30:00Z', 20).length;
        flips += checkSchedule(rule, contact, '2028-02-25T00:30:00Z', 12).length;
      }
    }
    expect(flips).toBeGreaterThan(10);
  });

  it('announces only the midnights at which a day count changes the answer', { timeout: 60_000 }, () => {
    const contacts = [
      { last_seen_at: '2026-10-30T23:59:00Z', trial_ends_at: '2026-11-03' },
      { last_seen_at: '2027-02-27', trial_ends_at: '2027-03-01T10:30:00Z' },
    ];
    let flips = 0;
    for (const contact of contacts) {
      for (const rule of [dormant, recent, endingSoon, { '!': recent }, { '>=': [30, daysAgo(lastSeen)] }]) {
        for (const [from, days] of [
          ['2026-10-25T00:30:00Z', 40],
          ['2027-02-20T00:30:00Z', 20],
        ] as const) {
          const run = checkSchedule(rule, contact, from, days);
          expect(run.wasted, `${JSON.stringify(rule).slice(0, 40)} from ${from}`).toBe(0);
          flips += run.length;
        }
      }
    }
    expect(flips).toBeGreaterThan(8);
  });

  it('announces the instant a field compared with now names', () => {
    const clock = clockOf(ended);
    const next = nextCheck(
      clock,
      { contact: { trial_ends_at: '2026-12-01T09:00:00Z' } },
      new Date('2026-11-30T00:00:00Z'),
    );
    expect(next?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(
      nextCheck(
        clockOf({ '==': [{ substr: [{ var: 'now' }, 5, 5] }, '12-24'] }),
        {},
        new Date('2026-11-30T10:00:00Z'),
      )?.toISOString(),
    ).toBe('2026-12-01T00:00:00.000Z');
  });
});
