import { daysAgo, type GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepSegmentClocks } from '../src/ingest/segmentClockSweep.js';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const at = { x: 0, y: 0 };
const DAY = 86_400_000;

const startsOn = (id: string, segment: string): GraphInput => ({
  schemaVersion: 1,
  id,
  name: `On ${segment}`,
  settings: { reentry: 'once' },
  nodes: [
    { id: 'entered', type: 'trigger', version: 1, position: at, config: { on: 'segment', segment } },
    { id: 'pause', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'P30D' } },
  ],
  edges: [{ id: 'a', source: 'entered', sourceHandle: 'next', target: 'pause' }],
});

const lastSeen = { var: 'contact.last_seen_at' };
/** What the condition builder writes: "last seen more than 30 days ago", "within the last 7 days". */
const rules = {
  'trial-ended': { '<': [{ var: 'contact.trial_ends_at' }, { var: 'now' }] },
  dormant: { '>': [daysAgo(lastSeen), 30] },
  recent: { '<=': [0, daysAgo(lastSeen), 7] },
};
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('segment entry and exit as time passes', () => {
  let t: EngineApp;
  const journeys: Record<string, string> = {};
  beforeAll(async () => {
    t = await createEngineApp();
    for (const [name, rule] of Object.entries(rules)) {
      const made = await t.call('POST', '/v1/segments', { name, rule });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    // Here before the journeys: their clocks start when the journeys go live.
    await t.call('PUT', '/v1/contacts/early', {
      attributes: { last_seen_at: dayText(Date.now() - 10 * DAY) },
    });
    for (const name of Object.keys(rules)) journeys[name] = await publishJourney(t, startsOn(name, name));
  });
  afterAll(() => t?.close());

  const enrolled = async (segment: string) =>
    (
      await t.db.sql<{ contactId: string }[]>`
        select contact_id from enrollments where workflow_id = ${journeys[segment]!} order by contact_id`
    ).map((r) => r.contactId);
  const clock = async (segment: string, contactId: string) => {
    const [row] = await t.db.sql<{ member: boolean; dueAt: Date | null }[]>`
      select member, due_at from segment_clocks where workflow_id = ${journeys[segment]!} and contact_id = ${contactId}`;
    return row;
  };

  it('enrols a contact when the instant its rule names passes, with nothing pushed', async () => {
    const ends = new Date(Date.now() + 2000).toISOString();
    const put = await t.call('PUT', '/v1/contacts/trialist', { attributes: { trial_ends_at: ends } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.enteredSegments).toEqual([]);
    expect(await clock('trial-ended', 'trialist')).toMatchObject({ member: false });
    // The worker's own sweep (real time) finds it due and enrols it.
    expect(
      await eventually(
        async () => (await enrolled('trial-ended')).length > 0 && enrolled('trial-ended'),
        20_000,
      ),
    ).toEqual(['trialist']);
    const [event] = await t.db.sql`select type, properties from events where contact_id = 'trialist'`;
    expect(event).toEqual({
      type: 'segment.entered',
      properties: { segment: 'trial-ended', becauseOf: 'time' },
    });
    expect(await clock('trial-ended', 'trialist')).toMatchObject({ member: true });
  });

  /**
   * Sweeps at each instant the contact's clock announces, up to `until`. Returns how many sweeps
   * it took.
   */
  async function runClock(segment: string, contactId: string, until: number) {
    for (let sweeps = 0; sweeps < 10; sweeps++) {
      const row = await clock(segment, contactId);
      if (!row?.dueAt || row.dueAt.getTime() > until) return sweeps;
      const dueAt = row.dueAt;
      await sweepSegmentClocks(t.db.sql, t.deps.registry, () => dueAt);
    }
    throw new Error(
      `the clock of ${contactId} kept announcing instants before ${new Date(until).toISOString()}`,
    );
  }

  it('re-checks a day count around the midnight it crosses its bound, and enters then', async () => {
    const seen = Date.now() - 29 * DAY;
    await t.call('PUT', '/v1/contacts/idle', { attributes: { last_seen_at: dayText(seen) } });
    expect(await clock('dormant', 'idle')).toMatchObject({ member: false, dueAt: expect.any(Date) });
    // 31 days after the day it was last seen: the first day "more than 30 days ago" holds.
    const crossing = new Date(`${dayText(seen + 31 * DAY)}T00:00:00.000Z`).getTime();
    // Nothing to re-check before the midnight it crosses.
    expect(await clock('dormant', 'idle')).toMatchObject({ dueAt: new Date(crossing) });
    expect(await runClock('dormant', 'idle', crossing - 1)).toBe(0);
    expect(await enrolled('dormant')).not.toContain('idle');
    expect(await runClock('dormant', 'idle', crossing)).toBe(1);
    expect(await enrolled('dormant')).toContain('idle');
    // In for good: time alone changes nothing any more.
    expect(await clock('dormant', 'idle')).toEqual({ member: true, dueAt: null });
    // The contact that was there before the journey went live got its clock too, not yet due.
    expect(await eventually(() => clock('dormant', 'early'))).toMatchObject({ member: false });
    expect(await enrolled('dormant')).not.toContain('early');
  });

  it('emits segment.exited when time takes a contact out of a segment', async () => {
    await t.call('PUT', '/v1/contacts/active', { attributes: { last_seen_at: dayText(Date.now()) } });
    expect(await enrolled('recent')).toContain('active');
    // Seen today: "within the last 7 days" stops holding 8 days later.
    const leaving = new Date(`${dayText(Date.now() + 8 * DAY)}T00:00:00.000Z`).getTime();
    await runClock('recent', 'active', leaving - 1);
    const exits = () =>
      t.db.sql`select properties from events where contact_id = 'active' and type = 'segment.exited'`;
    expect(await exits()).toEqual([]);
    expect(await runClock('recent', 'active', leaving)).toBe(1);
    expect((await exits()).map((e) => e.properties)).toEqual([{ segment: 'recent', becauseOf: 'time' }]);
    expect(await clock('recent', 'active')).toEqual({ member: false, dueAt: null });
  });

  it('emits segment.exited when an attribute update takes a contact out, too', async () => {
    await t.call('PUT', '/v1/contacts/regular', { attributes: { last_seen_at: dayText(Date.now()) } });
    expect(await enrolled('recent')).toContain('regular');
    await t.call('PUT', '/v1/contacts/regular', {
      attributes: { last_seen_at: dayText(Date.now() - 20 * DAY) },
    });
    const exits = await t.db.sql`
      select properties from events where contact_id = 'regular' and type = 'segment.exited'`;
    expect(exits.map((e) => e.properties)).toEqual([{ segment: 'recent' }]);
    // Its clock knows: out, and time alone will not bring it back.
    expect(await clock('recent', 'regular')).toEqual({ member: false, dueAt: null });
  });
});
