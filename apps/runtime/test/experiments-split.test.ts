import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, publishJourney } from './helpers.js';

const at = { x: 0, y: 0 };
const waitFor = (id: string) => ({
  id,
  type: 'wait',
  version: 1,
  position: at,
  config: { mode: 'event', event: 'reply.received', timeout: 'P7D' },
});
const graph = {
  schemaVersion: 1,
  id: 'subject-test',
  name: 'Subject line test',
  settings: { reentry: 'once', timezone: 'UTC', goal: { event: 'purchase' } },
  nodes: [
    { id: 'signup', type: 'trigger', version: 1, position: at, config: { on: 'event', event: 'signup' } },
    {
      id: 'subject-split',
      type: 'split',
      version: 1,
      position: at,
      label: 'Subject line',
      config: {
        arms: [
          { id: 'plain', label: 'Plain subject', weight: 1 },
          { id: 'question', label: 'Question subject', weight: 1 },
        ],
        plannedPerArm: 500,
      },
    },
    waitFor('wait-plain'),
    waitFor('wait-question'),
  ],
  edges: [
    { id: 'e1', source: 'signup', sourceHandle: 'next', target: 'subject-split' },
    { id: 'e2', source: 'subject-split', sourceHandle: 'plain', target: 'wait-plain' },
    { id: 'e3', source: 'subject-split', sourceHandle: 'question', target: 'wait-question' },
  ],
};
const event = (type: string, contactId: string) => ({
  id: `${type}-${contactId}`,
  contactId,
  type,
  properties: {},
  timestamp: new Date().toISOString(),
});

describe('split step: arms in the runtime, the experiment report and Declare winner', () => {
  let t: Awaited<ReturnType<typeof createEngineApp>>;
  let id: string;
  const contacts = Array.from({ length: 60 }, (_, i) => `split-${i}`);
  beforeAll(async () => {
    t = await createEngineApp();
    id = await publishJourney(t, graph);
  });
  afterAll(() => t.close());

  it('sends each contact down one arm and reports each arm against the first', async () => {
    await t.call('POST', '/v1/events', { batch: contacts.map((c) => event('signup', c)) });
    await eventually(async () => {
      const [row] = await t.db.sql<{ parked: number }[]>`
        select count(*)::int as parked from enrollments where workflow_id = ${id} and state = 'waiting'`;
      return row?.parked === contacts.length;
    }, 20_000);
    const buyers = contacts.slice(0, 20);
    await t.call('POST', '/v1/events', { batch: buyers.map((c) => event('purchase', c)) });
    const arms = await t.db.sql<{ contactId: string; output: string }[]>`
      select contact_id, output from journey_steps where workflow_id = ${id} and node_type = 'split'`;
    expect(arms).toHaveLength(contacts.length);
    const report = await t.call('GET', `/v1/workflows/${id}/experiments`);
    expect(report.status).toBe(200);
    const [split] = report.body.experiments;
    expect(split).toMatchObject({
      nodeId: 'subject-split',
      label: 'Subject line',
      status: 'not-enough-data',
    });
    for (const arm of split.arms) {
      const took = arms.filter((a) => a.output === arm.id).map((a) => a.contactId);
      expect(arm.contacts).toBe(took.length);
      expect(arm.conversions).toBe(took.filter((c) => buyers.includes(c)).length);
    }
    expect(split.arms[0].comparison).toBeNull();
    expect(split.arms[1].comparison.rate).toBeCloseTo(split.arms[1].conversions / split.arms[1].contacts, 10);
    // The canvas counts per arm come from the node stats.
    const stats = await t.call('GET', `/v1/workflows/${id}/stats`);
    const node = stats.body.nodes.find((n: { nodeId: string }) => n.nodeId === 'subject-split');
    expect(node.outputs).toEqual({ plain: split.arms[0].contacts, question: split.arms[1].contacts });
  });

  it('lets a saved test case pin an arm', async () => {
    const testCase = (name: string, arm: string) => ({
      name,
      contact: { id: 'tc-1' },
      events: [{ after: 0, type: 'signup' }],
      expectedEnd: 'wait-question',
      pinned: { 'subject-split': arm },
    });
    const saved = await t.call(
      'POST',
      `/v1/workflows/${id}/test-cases`,
      testCase('question arm', 'question'),
    );
    expect(saved.status).toBe(201);
    expect(saved.body.pinned).toEqual({ 'subject-split': 'question' });
    await t.call('POST', `/v1/workflows/${id}/test-cases`, testCase('plain arm', 'plain'));
    const run = await t.call('POST', `/v1/workflows/${id}/test-cases/run`, {});
    const results = Object.fromEntries(
      run.body.results.map((r: { name: string; passed: boolean; actualEnd: string }) => [
        r.name,
        [r.passed, r.actualEnd],
      ]),
    );
    expect(results).toEqual({ 'question arm': [true, 'wait-question'], 'plain arm': [false, 'wait-plain'] });
    for (const tc of (await t.call('GET', `/v1/workflows/${id}/test-cases`)).body.items) {
      await t.call('DELETE', `/v1/workflows/${id}/test-cases/${tc.id}`);
    }
  });

  it('refuses a winner while the draft has unpublished changes, or for an unknown arm', async () => {
    await t.call('PUT', `/v1/workflows/${id}/draft`, { graph: { ...graph, description: 'edited' } });
    const busy = await t.call('POST', `/v1/workflows/${id}/experiments/subject-split/winner`, {
      arm: 'question',
    });
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toMatch(/publish or discard/);
    await t.call('PUT', `/v1/workflows/${id}/draft`, { graph });
    const unknown = await t.call('POST', `/v1/workflows/${id}/experiments/subject-split/winner`, {
      arm: 'nope',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.problems[0].path).toBe('arm');
  });

  it('publishes a new live version in which the split is replaced by the winning arm', async () => {
    const won = await t.call('POST', `/v1/workflows/${id}/experiments/subject-split/winner`, {
      arm: 'question',
    });
    expect(won.status).toBe(201);
    expect(won.body).toMatchObject({ version: 2, active: true });
    expect(won.body.message).toMatch(/'Question subject' won the experiment 'Subject line'/);
    const v2 = await t.call('GET', `/v1/workflows/${id}/versions/2`);
    expect(v2.body.graph.nodes.map((n: { id: string }) => n.id)).toEqual(['signup', 'wait-question']);
    expect(v2.body.graph.edges).toEqual([
      { id: 'e1', source: 'signup', sourceHandle: 'next', target: 'wait-question' },
    ]);
    const diff = await t.call('GET', `/v1/workflows/${id}/diff?from=1&to=2`);
    expect(diff.body.semantic).toBe(true);
    const audit = await t.db.sql<{ action: string }[]>`
      select action from audit_log where workflow_id = ${id} order by seq desc limit 3`;
    expect(audit.map((a) => a.action)).toEqual([
      'experiment.winner-declared',
      'workflow.activated',
      'version.published',
    ]);
    // Contacts already in v1 stay on it.
    const [row] = await t.db.sql<{ versions: number[] }[]>`
      select array_agg(distinct version) as versions from enrollments where workflow_id = ${id}`;
    expect(row?.versions).toEqual([1]);
  });
});
