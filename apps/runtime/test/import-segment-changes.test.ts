import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, importCsv, publishJourney } from './helpers.js';

// Imports evaluate segments as PUT /v1/contacts/:id does (issue 14): entries enrol, exits store
// segment.exited for the journeys that start on the segment, and rules that read the time get
// their segment clocks, without the import waiting for any journey. Real Postgres and worker.
type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const at = { x: 0, y: 0 };
const DAY = 86_400_000;

/** Starts on 'hot-leads', waits a month, and ends (exited) when the contact leaves the segment. */
const hotJourney: GraphInput = {
  schemaVersion: 1,
  id: 'hot-with-exit',
  name: 'Hot leads until they cool down',
  settings: { reentry: 'once', exits: [{ label: 'Cooled down', event: 'segment.exited' }] },
  nodes: [
    {
      id: 'entered',
      type: 'trigger',
      version: 1,
      position: at,
      config: { on: 'segment', segment: 'hot-leads' },
    },
    { id: 'pause', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'P30D' } },
  ],
  edges: [{ id: 'a', source: 'entered', sourceHandle: 'next', target: 'pause' }],
};
const trialJourney: GraphInput = {
  ...hotJourney,
  id: 'trial-ended',
  name: 'Trial ended',
  settings: { reentry: 'once' },
  nodes: hotJourney.nodes.map((n) =>
    n.id === 'entered' ? { ...n, config: { on: 'segment', segment: 'trial-ended' } } : n,
  ),
};

let t: EngineApp;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createEngineApp();
  await t.call('POST', '/v1/segments', {
    name: 'hot-leads',
    rule: { '>=': [{ var: 'contact.lead_score' }, 80] },
  });
  await t.call('POST', '/v1/segments', {
    name: 'trial-ended',
    rule: { '<': [{ var: 'contact.trial_ends_at' }, { var: 'now' }] },
  });
  ids.hot = await publishJourney(t, hotJourney);
  ids.trial = await publishJourney(t, trialJourney);
});
afterAll(() => t?.close());

const endings = async (workflowId: string) =>
  (
    await t.db.sql<{ contactId: string; state: string }[]>`
      select contact_id, state from enrollments where workflow_id = ${workflowId} order by contact_id`
  ).map((r) => `${r.contactId}:${r.state}`);

describe('an import changes segments as a PUT would', () => {
  it('contacts it takes out of a segment get segment.exited, and the journey ends them, like a PUT', async () => {
    for (const id of ['by-put', 'by-import', 'stays']) {
      await t.call('PUT', `/v1/contacts/${id}`, { attributes: { lead_score: 90 } });
    }
    const waiting = async () => (await endings(ids.hot!)).filter((r) => r.endsWith(':waiting'));
    expect(await eventually(async () => (await waiting()).length === 3 && waiting())).toEqual([
      'by-import:waiting',
      'by-put:waiting',
      'stays:waiting',
    ]);
    await t.call('PUT', '/v1/contacts/by-put', { attributes: { lead_score: 20 } });
    const done = await importCsv(
      t,
      ['id,score', 'by-import,20', 'stays,95'],
      [{ column: 'score', attribute: 'lead_score', type: 'number' }],
    );
    expect(done).toMatchObject({ updated: 2, segmentEntries: 0 });
    const ended = await eventually(async () => {
      const rows = await endings(ids.hot!);
      return rows.filter((r) => r.endsWith(':exited')).length === 2 && rows;
    });
    expect(ended).toEqual(['by-import:exited', 'by-put:exited', 'stays:waiting']);
    const exits = await t.db.sql`
      select contact_id, properties from events where type = 'segment.exited' order by contact_id`;
    expect(exits).toEqual([
      { contactId: 'by-import', properties: { segment: 'hot-leads' } },
      { contactId: 'by-put', properties: { segment: 'hot-leads' } },
    ]);
    // The same file again changes nothing: no second exit.
    await importCsv(
      t,
      ['id,score', 'by-import,20', 'stays,95'],
      [{ column: 'score', attribute: 'lead_score', type: 'number' }],
    );
    const [{ n }] = (await t.db
      .sql`select count(*)::int as n from events where type = 'segment.exited'`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(2);
  });

  it('rules that read the time get their segment clocks from the import, so time alone enrols them', async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    const later = new Date(Date.now() + 10 * DAY).toISOString();
    await importCsv(
      t,
      ['id,trial', `trial-soon,${soon}`, `trial-later,${later}`],
      [{ column: 'trial', attribute: 'trial_ends_at', type: 'text' }],
    );
    const clocks = await t.db.sql<{ contactId: string; member: boolean; dueAt: Date | null }[]>`
      select contact_id, member, due_at from segment_clocks where workflow_id = ${ids.trial!} and contact_id like 'trial-%' order by contact_id`;
    expect(clocks.map((c) => [c.contactId, c.member, c.dueAt?.toISOString()])).toEqual([
      ['trial-later', false, later],
      ['trial-soon', false, soon],
    ]);
    // The worker's sweep (real time) finds the first due and enrols it; the other waits its day.
    const enrolled = async () => (await endings(ids.trial!)).map((r) => r.split(':')[0]);
    expect(await eventually(async () => (await enrolled()).length > 0 && enrolled(), 20_000)).toEqual([
      'trial-soon',
    ]);
  });
});
