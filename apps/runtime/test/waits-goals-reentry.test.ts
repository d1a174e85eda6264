import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const at = { x: 0, y: 0 };

/** trigger(event) → wait for purchase (total > 50, timeout) → thank-you email; goal: meeting.booked. */
function waitJourney(
  id: string,
  trigger: string,
  reentry: 'once' | 'after-exit' | 'always',
  timeout = 'PT1S',
): GraphInput {
  return {
    schemaVersion: 1,
    id,
    name: id,
    settings: { reentry, goal: { event: 'meeting.booked' } },
    nodes: [
      { id: 'start', type: 'trigger', version: 1, position: at, config: { on: 'event', event: trigger } },
      {
        id: 'wait-purchase',
        type: 'wait',
        version: 1,
        position: at,
        config: {
          mode: 'event',
          event: 'purchase',
          timeout,
          where: { '>': [{ var: 'event.properties.total' }, 50] },
        },
      },
      {
        id: 'thanks',
        type: 'send',
        version: 1,
        position: at,
        config: {
          subject: 'Thanks for {{ event.properties.total }}',
          text: 'Thanks!',
          reason: 'You bought something',
        },
      },
    ],
    edges: [
      { id: 'a', source: 'start', sourceHandle: 'next', target: 'wait-purchase' },
      { id: 'b', source: 'wait-purchase', sourceHandle: 'event', target: 'thanks' },
    ],
  };
}

describe('waits for events, goals and re-entry', () => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await createEngineApp();
    await publishJourney(t, waitJourney('once', 'signup.once', 'once'));
    await publishJourney(t, waitJourney('after-exit', 'signup.after', 'after-exit', 'PT0.5S'));
    await publishJourney(t, waitJourney('always', 'signup.always', 'always'));
    await publishJourney(t, waitJourney('long', 'signup.long', 'once', 'PT1H'));
  });
  afterAll(() => t.close());

  const enrollmentOf = async (contactId: string) => {
    const [row] = await t.db
      .sql`select * from enrollments where contact_id = ${contactId} order by id desc limit 1`;
    return row;
  };
  const timeoutJobs = async (enrollmentId: string) =>
    t.db.sql`select id from graphile_worker._private_jobs where key = ${`timeout:${enrollmentId}`}`;
  const outputs = async (contactId: string) =>
    (await t.db.sql`select output from journey_steps where contact_id = ${contactId} order by id`).map(
      (r) => r.output,
    );

  it('resumes a waiting contact on a matching event, in the request that carried it, and cancels its timeout', async () => {
    await t.call('PUT', '/v1/contacts/w1', { attributes: { email: 'w1@example.com' } });
    await t.call('POST', '/v1/events', { contactId: 'w1', type: 'signup.long' });
    const parked = await eventually(async () => {
      const row = await enrollmentOf('w1');
      return row?.state === 'waiting' && row;
    });
    expect(parked).toMatchObject({ waitEvent: 'purchase', nodeId: 'wait-purchase' });
    expect(await timeoutJobs(parked.id)).toHaveLength(1);
    const small = await t.call('POST', '/v1/events', {
      contactId: 'w1',
      type: 'purchase',
      properties: { total: 10 },
    });
    expect(small.body.resumed).toBe(0);
    const big = await t.call('POST', '/v1/events', {
      contactId: 'w1',
      type: 'purchase',
      properties: { total: 99 },
    });
    expect(big.body.resumed).toBe(1);
    expect(await timeoutJobs(parked.id)).toHaveLength(0);
    // How soon is measured by `pnpm bench` (resume latency); a hang guard only here.
    await eventually(async () => (await enrollmentOf('w1'))?.state === 'completed', 30_000);
    expect(await outputs('w1')).toEqual(['next', null, 'event', 'next']);
    const [message] = await eventually(async () => {
      const rows = await t.db.sql`select subject from messages where contact_id = 'w1' and caught_count = 1`;
      return rows.length === 1 && rows;
    });
    expect(message?.subject).toBe('Thanks for 99');
  });

  it('takes the timeout output when no matching event arrives', async () => {
    await t.call('POST', '/v1/events', { contactId: 'w2', type: 'signup.once' });
    await eventually(async () => (await enrollmentOf('w2'))?.state === 'completed');
    expect(await outputs('w2')).toEqual(['next', null, 'timeout']);
    const [resume] = await t.db
      .sql`select reason from journey_steps where contact_id = 'w2' and output = 'timeout'`;
    expect(resume?.reason.summary).toBe('Timed out waiting for the event');
  });

  it('converts a contact on the goal event, records why and cancels the wait', async () => {
    await t.call('POST', '/v1/events', { contactId: 'w3', type: 'signup.long' });
    const parked = await eventually(async () => {
      const row = await enrollmentOf('w3');
      return row?.state === 'waiting' && row;
    });
    const booked = await t.call('POST', '/v1/events', { contactId: 'w3', type: 'meeting.booked' });
    expect(booked.body.converted).toBe(1);
    expect(await enrollmentOf('w3')).toMatchObject({ state: 'converted' });
    expect(await timeoutJobs(parked.id)).toHaveLength(0);
    const [goal] = await t.db.sql`select * from journey_steps where contact_id = 'w3' and node_type = 'goal'`;
    expect(goal).toMatchObject({
      nodeId: 'wait-purchase',
      decision: { converted: { event: 'meeting.booked' } },
    });
    const late = await t.call('POST', '/v1/events', {
      contactId: 'w3',
      type: 'purchase',
      properties: { total: 99 },
    });
    expect(late.body.resumed).toBe(0);
  });

  it("enrolls exactly once under 'once' with many identical events in parallel", async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        t.call('POST', '/v1/events', { contactId: 'race-1', type: 'signup.once' }),
      ),
    );
    expect(results.every((r) => r.status === 202)).toBe(true);
    expect(results.reduce((sum, r) => sum + r.body.enrolled, 0)).toBe(1);
    expect(await t.db.sql`select id from enrollments where contact_id = 'race-1'`).toHaveLength(1);
  });

  it("keeps one live enrollment under 'after-exit', and enrolls again after it ends", async () => {
    const burst = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.call('POST', '/v1/events', { contactId: 'race-2', type: 'signup.after' }),
      ),
    );
    expect(burst.reduce((sum, r) => sum + r.body.enrolled, 0)).toBe(1);
    await eventually(async () => (await enrollmentOf('race-2'))?.state === 'completed');
    const again = await t.call('POST', '/v1/events', { contactId: 'race-2', type: 'signup.after' });
    expect(again.body.enrolled).toBe(1);
    expect(await t.db.sql`select id from enrollments where contact_id = 'race-2'`).toHaveLength(2);
  });

  it("enrolls every time under 'always', in one batch too", async () => {
    const batch = await t.call('POST', '/v1/events', {
      batch: Array.from({ length: 5 }, () => ({ contactId: 'race-3', type: 'signup.always' })),
    });
    expect(batch.body).toMatchObject({ accepted: 5, enrolled: 5 });
    const dupes = await t.call('POST', '/v1/events', {
      batch: [
        { id: 'same', contactId: 'race-3', type: 'signup.always' },
        { id: 'same', contactId: 'race-3', type: 'signup.always' },
      ],
    });
    expect(dupes.body).toMatchObject({ accepted: 1, duplicates: 1, enrolled: 1 });
  });
});
