import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const at = { x: 0, y: 0 };

/** Starts when a contact enters 'hot-leads'; a gate on the same segment routes them. */
const journey: GraphInput = {
  schemaVersion: 1,
  id: 'hot-leads-welcome',
  name: 'Hot leads welcome',
  settings: { reentry: 'once' },
  nodes: [
    {
      id: 'entered',
      type: 'trigger',
      version: 1,
      position: at,
      config: { on: 'segment', segment: 'hot-leads' },
    },
    {
      id: 'still-hot',
      type: 'segment-gate',
      version: 1,
      position: at,
      config: { branches: [{ id: 'hot', label: 'Hot', segment: 'hot-leads' }] },
    },
    {
      id: 'hello',
      type: 'send',
      version: 1,
      position: at,
      config: { subject: 'Hello', text: 'Hi', reason: 'Hot lead' },
    },
  ],
  edges: [
    { id: 'a', source: 'entered', sourceHandle: 'next', target: 'still-hot' },
    { id: 'b', source: 'still-hot', sourceHandle: 'hot', target: 'hello' },
  ],
};

describe('segment-entry triggers', () => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await createEngineApp();
    const segment = await t.call('POST', '/v1/segments', {
      name: 'hot-leads',
      rule: { '>=': [{ var: 'contact.lead_score' }, 80] },
    });
    expect(segment.status, JSON.stringify(segment.body)).toBe(201);
    await publishJourney(t, journey);
  });
  afterAll(() => t.close());

  it('enrolls a contact when an attribute update makes it newly match the segment, once', async () => {
    const cold = await t.call('PUT', '/v1/contacts/lead-1', {
      attributes: { email: 'l@example.com', lead_score: 10 },
    });
    expect(cold.body.enteredSegments).toEqual([]);
    const hot = await t.call('PUT', '/v1/contacts/lead-1', { attributes: { lead_score: 90 } });
    expect(hot.body.enteredSegments).toEqual(['hot-leads']);
    const again = await t.call('PUT', '/v1/contacts/lead-1', { attributes: { lead_score: 95 } });
    expect(again.body.enteredSegments).toEqual([]);
    const steps = await eventually(async () => {
      const rows = await t.db
        .sql`select node_id, output, reason from journey_steps where contact_id = 'lead-1' order by id`;
      return rows.length === 3 && rows;
    });
    expect(steps.map((s) => s.output)).toEqual(['next', 'hot', 'next']);
    expect(steps[0]?.reason.summary).toBe("Entered segment 'hot-leads'");
    // Gates read fresh contact data when they run: 90 or, if the job ran after the next update, 95.
    expect(steps[1]?.reason.details).toMatchObject({
      segment: 'hot-leads',
      reads: { 'contact.lead_score': expect.any(Number) },
    });
    const [event] = await t.db.sql`select type, properties from events where contact_id = 'lead-1'`;
    expect(event).toEqual({ type: 'segment.entered', properties: { segment: 'hot-leads' } });
  });
});
