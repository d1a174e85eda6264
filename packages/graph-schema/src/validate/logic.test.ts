import { describe, expect, it, vi } from 'vitest';
import { welcomeJourney } from '../../test/helpers/journeys.js';
import { testRegistry } from '../../test/helpers/registry.js';
import { validateGraph } from './validateGraph.js';

// Stand-in for the JSONLogic engine (owned by src/logic/): flags any `frobnicate` operator, so this
// test pins how graph validation re-homes logic problems, whatever the engine's own rules are.
vi.mock('../logic/index.js', () => ({
  validateLogic: (rule: unknown, options?: { roots?: readonly string[] }) => {
    const text = JSON.stringify(rule);
    if (text.includes('explode')) throw new Error('engine bug');
    if (!text.includes('frobnicate')) return [];
    return [
      {
        code: 'unknown-operator',
        severity: 'error',
        path: ['and', 1],
        message: 'unknown operator frobnicate',
      },
      {
        code: 'logic.roots',
        severity: 'warning',
        path: [],
        message: `roots ${options?.roots?.join(',') ?? 'all'}`,
      },
    ];
  },
  logicVars: () => [],
}));

describe('JSONLogic problems inside a graph', () => {
  it('prefixes the rule path with where the rule sits and the code with logic.', () => {
    const graph = welcomeJourney();
    const rule = { and: [true, { frobnicate: [1] }] };
    (graph.nodes[2] as { config: unknown }).config = { branches: [{ id: 'hot', label: 'Hot', rule }] };
    graph.settings = { ...graph.settings, goal: { event: 'purchase', where: rule } };
    const problems = validateGraph(graph, testRegistry).problems;
    expect(problems.map((p) => [p.code, p.severity, p.path, p.nodeId])).toEqual([
      ['logic.unknown-operator', 'error', 'nodes[2].config.branches[0].rule.and[1]', 'gate'],
      ['logic.roots', 'warning', 'nodes[2].config.branches[0].rule', 'gate'],
      ['logic.unknown-operator', 'error', 'settings.goal.where.and[1]', undefined],
      ['logic.roots', 'warning', 'settings.goal.where', undefined],
    ]);
    expect(problems[3]?.message).toBe('Journey goal: in the rule, roots contact,event,journey');
    expect(problems[1]?.message).toMatch(/^Gate 'Qualify', branch 'Hot': in the rule, /);
  });

  it('turns an engine exception into a problem instead of throwing', () => {
    const graph = welcomeJourney();
    (graph.nodes[2] as { config: unknown }).config = {
      branches: [{ id: 'hot', label: 'Hot', rule: 'explode' }],
    };
    expect(validateGraph(graph, testRegistry).problems).toEqual([
      expect.objectContaining({ code: 'logic.check-failed', path: 'nodes[2].config.branches[0].rule' }),
    ]);
  });
});
