import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { branchLabel, outputCount, stepLabel, typeTitle } from './labels.js';

const graph = {
  schemaVersion: 1,
  id: 'g',
  name: 'G',
  nodes: [
    {
      id: 'segment-gate-utz4n5',
      type: 'segment-gate',
      version: 1,
      position: { x: 0, y: 0 },
      label: 'Sales-ready?',
      config: {},
    },
    { id: 'wait-x1', type: 'wait-for-event', version: 1, position: { x: 0, y: 0 }, label: '  ', config: {} },
  ],
  edges: [],
} as unknown as Graph;
const outputsOf = () => [{ id: 'hot', label: 'Hot lead' }];

describe('labels', () => {
  it('names a step by its label, else by its type, and by its id only when it is gone', () => {
    expect(stepLabel(graph, 'segment-gate-utz4n5')).toBe('Sales-ready?');
    expect(stepLabel(graph, 'wait-x1')).toBe('Wait for event');
    expect(stepLabel(graph, 'removed-1')).toBe('removed-1');
    expect(typeTitle('acme-crm/lookup')).toBe('Lookup');
  });

  it('names an output by the label its node type gives it', () => {
    expect(branchLabel(outputsOf, graph, 'segment-gate-utz4n5', 'hot')).toBe('Hot lead');
    expect(branchLabel(outputsOf, graph, 'segment-gate-utz4n5', 'else')).toBe('Everyone else');
    expect(branchLabel(undefined, graph, 'segment-gate-utz4n5', 'timed-out')).toBe('Timed out');
    expect(outputCount(outputsOf, graph, 'segment-gate-utz4n5')).toBe(1);
    expect(outputCount(outputsOf, graph, 'nope')).toBe(0);
  });
});
