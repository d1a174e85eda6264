import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { prettyGraph } from './prettyGraph.js';

describe('prettyGraph', () => {
  it('is the same text whatever the order of nodes and keys', () => {
    const a = {
      schemaVersion: 1,
      id: 'g',
      name: 'n',
      nodes: [{ id: 'b' }, { id: 'a' }],
      edges: [],
    } as unknown as Graph;
    const b = {
      name: 'n',
      edges: [],
      nodes: [{ id: 'a' }, { id: 'b' }],
      id: 'g',
      schemaVersion: 1,
    } as unknown as Graph;
    expect(prettyGraph(a)).toBe(prettyGraph(b));
    expect(prettyGraph(a).indexOf('"a"')).toBeLessThan(prettyGraph(a).indexOf('"b"'));
  });
});
