import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { draftDifference } from './draftDifference.js';

const graph = (): Graph => ({
  schemaVersion: 1,
  id: 'g',
  name: 'Journey',
  settings: { reentry: 'once', timezone: 'UTC' },
  nodes: [
    { id: 't', type: 'trigger', version: 1, position: { x: 0, y: 0 }, config: { on: 'event', event: 'a' } },
    {
      id: 'w',
      type: 'wait',
      version: 1,
      position: { x: 0, y: 100 },
      config: { mode: 'duration', duration: 'P1D' },
    },
  ],
  edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'w' }],
});

describe('draftDifference', () => {
  it('is empty for the same graph, even when the published one recorded its packs', () => {
    expect(draftDifference({ ...graph(), packs: { '@acme/crm': '^1.0.0' } }, graph())).toEqual({
      changes: 0,
      layoutOnly: false,
    });
  });
  it('counts behaviour changes, and says when steps only moved', () => {
    const changed = graph();
    changed.nodes[1]!.config = { mode: 'duration', duration: 'P2D' };
    expect(draftDifference(graph(), changed)).toEqual({ changes: 1, layoutOnly: false });
    const moved = graph();
    moved.nodes[1]!.position = { x: 50, y: 100 };
    expect(draftDifference(graph(), moved)).toEqual({ changes: 1, layoutOnly: true });
  });
});
