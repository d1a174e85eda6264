import type { GraphInput } from '@crossroads/graph-schema';
import { exitRuleOf } from '@crossroads/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestExitRuleChanges } from '../src/import/exitRuleChanges.js';
import { createEngineApp, eventually, importCsv, publishJourney } from './helpers.js';

// Exit rules hold for contacts a bulk import changes as for a PUT (issue 15): an attribute that
// changes to the named value, or a segment the contact leaves, ends its enrollment. Real Postgres
// and worker; the import queues the checks and does not wait for them.
type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const at = { x: 0, y: 0 };

const trialJourney: GraphInput = {
  schemaVersion: 1,
  id: 'trial-nurture',
  name: 'Trial nurture',
  settings: {
    reentry: 'once',
    exits: [
      exitRuleOf({ kind: 'attribute', label: 'Downgraded', attribute: 'plan', to: 'free' }),
      exitRuleOf({ kind: 'left-segment', label: 'No longer engaged', segment: 'engaged' }),
    ],
  },
  nodes: [
    {
      id: 'signed-up',
      type: 'trigger',
      version: 1,
      position: at,
      config: { on: 'event', event: 'trial.started' },
    },
    { id: 'pause', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'P30D' } },
  ],
  edges: [{ id: 'a', source: 'signed-up', sourceHandle: 'next', target: 'pause' }],
};

let t: EngineApp;
let workflowId: string;
const contacts = ['downgrades', 'cools-down', 'renames', 'stays'];
beforeAll(async () => {
  t = await createEngineApp();
  const segment = await t.call('POST', '/v1/segments', {
    name: 'engaged',
    rule: { '>=': [{ var: 'contact.score' }, 50] },
  });
  expect(segment.status, JSON.stringify(segment.body)).toBe(201);
  workflowId = await publishJourney(t, trialJourney);
  for (const id of contacts) {
    await t.call('PUT', `/v1/contacts/${id}`, { attributes: { plan: 'pro', score: 70, name: id } });
  }
  await t.call('PUT', '/v1/contacts/outsider', { attributes: { plan: 'pro', score: 70 } });
  await t.call('POST', '/v1/events', {
    batch: contacts.map((c) => ({ id: `start-${c}`, contactId: c, type: 'trial.started' })),
  });
});
afterAll(() => t?.close());

const ROWS = [
  'id,plan,score,name',
  'downgrades,free,70,downgrades',
  'cools-down,pro,10,cools-down',
  'renames,pro,70,Renamed Ltd',
  'stays,pro,70,stays',
  'outsider,free,70,x',
];
const COLUMNS = [
  { column: 'plan', attribute: 'plan', type: 'text' },
  { column: 'score', attribute: 'score', type: 'number' },
  { column: 'name', attribute: 'name', type: 'text' },
];

const states = async () =>
  Object.fromEntries(
    (
      await t.db.sql<{ contactId: string; state: string }[]>`
        select contact_id, state from enrollments where workflow_id = ${workflowId} order by contact_id`
    ).map((r) => [r.contactId, r.state]),
  );
const countEvents = async (type: string) =>
  (await t.db.sql<{ n: number }[]>`select count(*)::int as n from events where type = ${type}`)[0]!.n;

describe('exit rules on contacts an import changes', () => {
  it('ends enrollments whose attribute changed to the named value or that left the named segment, as a PUT would', async () => {
    const parked = async () => Object.values(await states()).filter((s) => s === 'waiting').length === 4;
    expect(await eventually(parked)).toBe(true);
    const done = await importCsv(t, ROWS, COLUMNS);
    expect(done).toMatchObject({ updated: 4, unchanged: 1 });
    const ended = await eventually(async () => {
      const now = await states();
      return Object.values(now).filter((s) => s === 'exited').length === 2 && now;
    });
    // Another attribute changing ('name') is not a rule's change: that enrollment goes on.
    expect(ended).toEqual({
      'cools-down': 'exited',
      downgrades: 'exited',
      renames: 'waiting',
      stays: 'waiting',
    });
    const downgraded = JSON.stringify((await t.call('GET', '/v1/contacts/downgrades/trace')).body);
    expect(downgraded).toContain("Exit rule 'Downgraded': 'plan' changed to 'free'");
    const cooled = JSON.stringify((await t.call('GET', '/v1/contacts/cools-down/trace')).body);
    expect(cooled).toContain("Exit rule 'No longer engaged': left the segment 'engaged'");
    // The outsider is in no journey: its changes store nothing.
    const [outsider] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from events where contact_id = 'outsider' and type = 'attribute.changed'`;
    expect(outsider?.n).toBe(0);
  });

  it('acts on each change once: the same file again changes nothing, a retried job stores nothing twice', async () => {
    const changed = await countEvents('attribute.changed');
    const exited = await countEvents('segment.exited');
    expect(changed).toBeGreaterThan(0);
    await importCsv(t, ROWS, COLUMNS);
    expect(await countEvents('attribute.changed')).toBe(changed);
    expect(await countEvents('segment.exited')).toBe(exited);

    // A job retried after it committed (a worker killed before it marked the job done).
    await t.call('POST', '/v1/events', { id: 'start-again', contactId: 'stays', type: 'trial.started' });
    const payload = {
      workspaceId: t.workspaceId,
      importId: '00000000-0000-4000-8000-000000000001',
      contacts: [
        { id: 'stays', before: { plan: 'pro', score: 70 }, after: { plan: 'free', score: 70 }, heard: {} },
      ],
    };
    await ingestExitRuleChanges(t.db.sql, t.deps.registry, payload);
    await ingestExitRuleChanges(t.db.sql, t.deps.registry, payload);
    expect((await states()).stays).toBe('exited');
    expect(await countEvents('attribute.changed')).toBe(changed + 1);
  });
});
