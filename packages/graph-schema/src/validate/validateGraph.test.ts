import { describe, expect, it } from 'vitest';
import { edge, node, welcomeJourney } from '../../test/helpers/journeys.js';
import { testRegistry } from '../../test/helpers/registry.js';
import { PROBLEM_CODES } from './codes.js';
import { validateGraph } from './validateGraph.js';

const validate = (graph: unknown) => validateGraph(graph, testRegistry);
const codes = (graph: unknown) => validate(graph).problems.map((p) => p.code);

describe('validateGraph', () => {
  it('accepts a realistic journey and returns the parsed graph', () => {
    const result = validate(welcomeJourney());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.graph?.settings.reentry).toBe('once');
  });

  it('reports structural errors down to the field, with the node id', () => {
    const graph = welcomeJourney() as Record<string, unknown> & ReturnType<typeof welcomeJourney>;
    (graph.nodes[3] as Record<string, unknown>).position = { x: 'left', y: 0 };
    const result = validate(graph);
    expect(result.graph).toBeUndefined();
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        code: 'structure.invalid',
        path: 'nodes[3].position.x',
        nodeId: 'case-study',
      }),
    );
    // The malformed node still counts as existing: its edges are not reported as dangling.
    expect(result.problems.map((p) => p.code)).not.toContain('edge.target-missing');
  });

  it('warns about fields the schema does not know, which would be dropped', () => {
    const graph = welcomeJourney() as ReturnType<typeof welcomeJourney> & Record<string, unknown>;
    Object.assign(graph.nodes[1] as object, { lable: 'Cool-off' });
    Object.assign(graph.edges[0] as object, { animated: true });
    graph.viewport = { zoom: 1 };
    const result = validate(graph);
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => [p.code, p.severity, p.path, p.nodeId ?? p.edgeId])).toEqual([
      ['structure.unknown-key', 'warning', 'viewport', undefined],
      ['structure.unknown-key', 'warning', 'nodes[1].lable', 'cool-off'],
      ['structure.unknown-key', 'warning', 'edges[0].animated', 'signup.next-cool-off'],
    ]);
    expect(result.graph?.nodes[1]).not.toHaveProperty('lable');
  });

  it('tells the user to migrate an older or versionless document', () => {
    const { schemaVersion: _, ...v0 } = welcomeJourney();
    expect(validate(v0).problems[0]).toMatchObject({
      code: 'graph.schema-version-old',
      path: 'schemaVersion',
    });
    expect(codes({ ...welcomeJourney(), schemaVersion: 9 })).toEqual(['graph.schema-version-new']);
  });

  it('stops after the structure when there is nothing to check the graph on', () => {
    expect(codes([])).toEqual(['structure.invalid']);
    expect(validate({ ...welcomeJourney(), nodes: {} }).problems).toEqual([
      expect.objectContaining({ code: 'structure.invalid', path: 'nodes' }),
    ]);
  });

  it('reports unknown types and versions, listing the known versions', () => {
    const graph = welcomeJourney();
    graph.nodes[1] = { ...graph.nodes[1], version: 7 } as (typeof graph.nodes)[number];
    graph.nodes[5] = { ...graph.nodes[5], type: 'fax' } as (typeof graph.nodes)[number];
    const { problems } = validate(graph);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'node.version-unknown', path: 'nodes[1].version', nodeId: 'cool-off' }),
    );
    expect(problems.find((p) => p.code === 'node.version-unknown')?.message).toContain(
      'known versions: 1, 2',
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'node.type-unknown', path: 'nodes[5].type' }),
    );
  });

  it('reports config errors at nodes[i].config.<field>', () => {
    const graph = welcomeJourney();
    (graph.nodes[1] as { config: unknown }).config = { duration: '2 days' };
    (graph.nodes[2] as { config: unknown }).config = { branches: [{ id: '', label: 'x', rule: true }] };
    const paths = validate(graph)
      .problems.filter((p) => p.code === 'node.config-invalid')
      .map((p) => p.path);
    expect(paths).toEqual(['nodes[1].config.duration', 'nodes[2].config.branches[0].id']);
  });

  it('reports duplicate ids, dangling and duplicate edges, unknown handles', () => {
    const graph = welcomeJourney();
    graph.nodes.push(node({ id: 'nurture', type: 'send', config: { template: 't', subject: 's' } }));
    graph.edges.push(
      edge('gate', 'hot', 'case-study', 'dup-connection'),
      edge('ghost', 'next', 'nurture', 'from-ghost'),
      edge('nurture', 'next', 'nowhere', 'to-nowhere'),
      edge('gate', 'warm', 'follow-up', 'bad-handle'),
      { ...edge('reminder', 'next', 'follow-up'), id: 'signup.next-cool-off' },
    );
    const { problems } = validate(graph);
    const found = (code: string) =>
      problems.filter((p) => p.code === code).map((p) => [p.path, p.edgeId ?? p.nodeId]);
    expect(found('node.duplicate-id')).toEqual([['nodes[8].id', 'nurture']]);
    expect(found('edge.duplicate')).toEqual([['edges[7].id', 'dup-connection']]);
    expect(found('edge.source-missing')).toEqual([['edges[8].source', 'from-ghost']]);
    expect(found('edge.target-missing')).toEqual([['edges[9].target', 'to-nowhere']]);
    expect(found('edge.handle-unknown')).toEqual([['edges[10].sourceHandle', 'bad-handle']]);
    expect(problems.find((p) => p.code === 'edge.handle-unknown')?.message).toContain(
      "its outputs: 'Hot lead', 'Else'",
    );
    expect(found('edge.duplicate-id')).toEqual([['edges[11].id', 'signup.next-cool-off']]);
  });

  it('reports an output with two targets and a required output left open', () => {
    const graph = welcomeJourney();
    graph.edges = graph.edges.filter((e) => e.sourceHandle !== 'onTimeout');
    graph.edges.push(edge('gate', 'else', 'reminder'));
    const { problems } = validate(graph);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'output.multiple-edges', path: 'edges[6].sourceHandle' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'output.unconnected', nodeId: 'opened', path: 'nodes[4]' }),
    );
  });

  it('requires exactly one trigger and no edge into it', () => {
    const graph = welcomeJourney();
    graph.nodes.push(node({ id: 'second', type: 'event-trigger', config: { event: 'x' } }));
    graph.edges.push(edge('second', 'next', 'gate'), edge('nurture', 'next', 'signup'));
    expect(codes(graph)).toEqual(expect.arrayContaining(['trigger.multiple', 'edge.into-trigger']));
    const none = welcomeJourney();
    none.nodes = none.nodes.slice(1);
    none.edges = none.edges.slice(1);
    expect(codes(none)).toContain('trigger.missing');
  });

  it('warns about unreachable nodes without failing the graph', () => {
    const graph = welcomeJourney();
    graph.nodes.push(node({ id: 'parked', type: 'send', config: { template: 't', subject: 's' } }));
    const result = validate(graph);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'node.unreachable', severity: 'warning' }),
    ]);
    expect(result.ok).toBe(true);
  });

  it('rejects a cycle without a wait, naming its nodes, and allows one through a wait', () => {
    const looping = welcomeJourney();
    looping.edges.push(edge('nurture', 'next', 'gate'));
    const cycle = validate(looping).problems;
    expect(cycle).toEqual([expect.objectContaining({ code: 'cycle.no-wait', severity: 'error' })]);
    expect(cycle[0]?.message).toContain("Gate 'Qualify', Send step form a loop");

    const selfLoop = welcomeJourney();
    selfLoop.edges.push(edge('follow-up', 'next', 'follow-up'));
    expect(codes(selfLoop)).toEqual(['cycle.no-wait']);

    const throughWait = welcomeJourney();
    throughWait.edges.push(edge('reminder', 'next', 'cool-off'));
    expect(codes(throughWait)).toEqual([]);
  });
});

describe('validateGraph with the JSONLogic engine', () => {
  it('reports rule problems at their place in the graph', () => {
    const graph = welcomeJourney();
    const rule = { and: [true, { frobnicate: [1] }] };
    (graph.nodes[2] as { config: unknown }).config = { branches: [{ id: 'hot', label: 'Hot', rule }] };
    graph.settings = {
      ...graph.settings,
      goal: { event: 'purchase', where: { '==': [{ var: 'secrets.key' }, 1] } },
    };
    const logic = validate(graph).problems.filter((p) => p.code.startsWith('logic.'));
    expect(logic.map((p) => [p.path, p.nodeId])).toEqual([
      ['nodes[2].config.branches[0].rule.and[1].frobnicate', 'gate'],
      ['settings.goal.where.==[0].var', undefined],
    ]);
  });
});

describe('PROBLEM_CODES', () => {
  it('describes every code with a severity', () => {
    for (const [code, entry] of Object.entries(PROBLEM_CODES)) {
      expect(code).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(['error', 'warning']).toContain(entry.severity);
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });
});
