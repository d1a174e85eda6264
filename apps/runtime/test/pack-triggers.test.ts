// A pack's trigger: which events it listens to and whether an event enrols a contact are pack
// code, so they are asked of the pack's sandbox (never run in the runtime), during ingest.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

const fixture = fileURLToPath(new URL('../src/packs/fixtures/trigger', import.meta.url));

const journey = (id: string, minSeats: number) => ({
  schemaVersion: 1,
  id,
  name: `Deals of ${minSeats}+ seats`,
  settings: { reentry: 'always' },
  nodes: [
    {
      id: 'deal',
      type: 'deal-trigger/big-deal',
      version: 1,
      position: { x: 0, y: 0 },
      config: { event: 'deal.created', minSeats },
    },
    {
      id: 'pause',
      type: 'wait',
      version: 1,
      position: { x: 250, y: 0 },
      config: { mode: 'duration', duration: 'P1D' },
    },
  ],
  edges: [{ id: 'e1', source: 'deal', sourceHandle: 'next', target: 'pause' }],
});

describe('pack triggers', () => {
  let t: Awaited<ReturnType<typeof createEngineApp>>;
  let big: string;

  beforeAll(async () => {
    t = await createEngineApp({ CROSSROADS_PACKS: fixture });
    big = await publishJourney(t, journey('big-deals', 10));
    // Its filter loops: it is stopped in the sandbox and enrols nobody; other journeys carry on.
    await publishJourney(t, journey('hostile-deals', 666));
  }, 60_000);
  afterAll(() => t?.close());

  it('enrols on the event types the pack says, when its filter (run in the sandbox) accepts', async () => {
    const enrolled = async (contactId: string, type: string, seats: number) => {
      const { status, body } = await t.call('POST', '/v1/events', { contactId, type, properties: { seats } });
      expect(status, JSON.stringify(body)).toBe(202);
      return body.enrolled as number;
    };
    expect(await enrolled('acme', 'deal.created', 25)).toBe(1);
    expect(await enrolled('tiny', 'deal.created', 3)).toBe(0);
    expect(await enrolled('other', 'deal.closed', 99)).toBe(0);

    const rows = await t.db.sql<{ contactId: string; workflowId: string }[]>`
      select contact_id, workflow_id from enrollments order by id`;
    expect(rows).toEqual([{ contactId: 'acme', workflowId: big }]);
    const step = await eventually(async () => {
      const trace = (await t.call('GET', '/v1/contacts/acme/trace')).body.items as Array<{
        nodeId: string;
        reason: { summary: string } | null;
      }>;
      return trace.find((s) => s.nodeId === 'deal');
    }, 20_000);
    expect(step.reason?.summary).toMatch(/^Big deal/);
    expect((await t.call('GET', '/healthz')).status).toBe(200);
  });
});
