import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

const at = { x: 0, y: 0 };
/** trigger → wait PT1S → handoff (ledger only); goal: nap.goal. */
const napJourney: GraphInput = {
  schemaVersion: 1,
  id: 'nap',
  name: 'Nap',
  settings: { reentry: 'always', goal: { event: 'nap.goal' } },
  nodes: [
    { id: 'start', type: 'trigger', version: 1, position: at, config: { on: 'event', event: 'nap.start' } },
    { id: 'nap', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'PT1S' } },
    {
      id: 'handoff',
      type: 'sales-handoff',
      version: 1,
      position: at,
      config: {
        assignment: { mode: 'owner', owner: 'a@b.io' },
        priority: 'normal',
        note: 'n',
        stopMarketing: false,
      },
    },
  ],
  edges: [
    { id: 'a', source: 'start', sourceHandle: 'next', target: 'nap' },
    { id: 'b', source: 'nap', sourceHandle: 'next', target: 'handoff' },
  ],
};

describe('duration waits parked together', () => {
  let t: Awaited<ReturnType<typeof createEngineApp>>;
  beforeAll(async () => {
    t = await createEngineApp();
    await publishJourney(t, napJourney);
  });
  afterAll(() => t.close());

  it('share one wake-up job, and a goal reached meanwhile makes its item a no-op', async () => {
    const contacts = ['n1', 'n2', 'n3'];
    await t.call('POST', '/v1/events', {
      batch: contacts.map((contactId) => ({ contactId, type: 'nap.start' })),
    });
    await eventually(async () => {
      const [row] = await t.db.sql`select count(*)::int as n from enrollments where state = 'waiting'`;
      return row?.n === 3;
    });
    const wakeups = await t.db.sql`
      select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
      where k.identifier = 'advance' and j.run_at > now()`;
    expect(wakeups).toHaveLength(1);
    expect((wakeups[0]!.payload as { batch: unknown[] }).batch).toHaveLength(3);

    await t.call('POST', '/v1/events', { contactId: 'n2', type: 'nap.goal' });
    await eventually(async () => {
      const [row] = await t.db.sql`select count(*)::int as n from enrollments where ended_at is null`;
      return row?.n === 0;
    }, 10_000);
    const states = await t.db.sql`select contact_id, state from enrollments order by contact_id`;
    expect(states.map((r) => `${r.contactId}:${r.state}`)).toEqual([
      'n1:completed',
      'n2:converted',
      'n3:completed',
    ]);
    const handoffs = await t.db
      .sql`select contact_id from effects where kind = 'handoff' order by contact_id`;
    expect(handoffs.map((r) => r.contactId)).toEqual(['n1', 'n3']);
  });
});
