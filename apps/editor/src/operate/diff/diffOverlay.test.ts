import { diffGraphs, type Graph } from '@crossroads/graph-schema';
import { builtinRegistry } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { diffOverlay } from './diffOverlay.js';

const base: Graph = {
  schemaVersion: 1,
  id: 'g',
  name: 'Journey',
  nodes: [
    { id: 't', type: 'trigger', version: 1, position: { x: 0, y: 0 }, config: { on: 'event', event: 'a' } },
    {
      id: 'w',
      type: 'wait',
      version: 1,
      position: { x: 300, y: 0 },
      config: { mode: 'duration', duration: 'P2D' },
    },
    {
      id: 'old',
      type: 'wait',
      version: 1,
      position: { x: 600, y: 0 },
      config: { mode: 'duration', duration: 'P1D' },
    },
  ],
  edges: [
    { id: 'e1', source: 't', sourceHandle: 'next', target: 'w' },
    { id: 'e2', source: 'w', sourceHandle: 'next', target: 'old' },
  ],
  settings: { reentry: 'once', timezone: 'UTC' },
} as Graph;

const next: Graph = {
  ...base,
  nodes: [
    { ...(base.nodes[0] as Graph['nodes'][number]), position: { x: -40, y: 10 } },
    { ...(base.nodes[1] as Graph['nodes'][number]), config: { mode: 'duration', duration: 'P3D' } },
    {
      id: 'new',
      type: 'wait',
      version: 1,
      position: { x: 600, y: 0 },
      config: { mode: 'duration', duration: 'PT1H' },
    },
  ],
  edges: [
    { id: 'e1', source: 't', sourceHandle: 'next', target: 'w' },
    { id: 'e3', source: 'w', sourceHandle: 'next', target: 'new' },
  ],
  settings: { reentry: 'always', timezone: 'UTC' },
} as Graph;

describe('diffOverlay', () => {
  const overlay = diffOverlay(base, next, diffGraphs(base, next));

  it('marks added, removed, changed and moved nodes apart', () => {
    expect(overlay.status).toEqual({ new: 'added', old: 'removed', w: 'changed', t: 'moved' });
    expect(overlay.decorations.nodes.w).toEqual({ className: 'diff-changed', title: '1 change' });
    expect(overlay.decorations.nodes.t?.className).toBe('diff-moved');
  });

  it('lists field-level changes per node and journey changes apart', () => {
    expect(overlay.fieldChanges.w?.map((c) => [c.path, c.before, c.after])).toEqual([
      ['config.duration', 'P2D', 'P3D'],
    ]);
    expect(overlay.journeyChanges.map((c) => c.path)).toEqual(['settings.reentry']);
    expect(overlay.moved.map((c) => c.nodeId)).toEqual(['t']);
  });

  it('keeps removed nodes and edges on the canvas as ghosts', () => {
    expect(overlay.graph.nodes.map((n) => n.id)).toEqual(['t', 'w', 'new', 'old']);
    expect(overlay.graph.edges.map((e) => e.id)).toEqual(['e1', 'e3', 'ghost:e2']);
    expect(overlay.decorations.edges['ghost:e2']?.className).toBe('diff-edge-removed');
    expect(overlay.decorations.edges.e3?.className).toBe('diff-edge-added');
  });

  it('names the branch an added or removed line leaves by its label', () => {
    const gate = {
      id: 'gate',
      type: 'segment-gate',
      version: 2,
      position: { x: 0, y: 200 },
      config: { branches: [{ id: 'branch-x1', label: 'Score over 50', rule: true }] },
    };
    const a = { ...base, nodes: [...base.nodes, gate], edges: [...base.edges] } as Graph;
    const b = {
      ...a,
      edges: [...a.edges, { id: 'e9', source: 'gate', sourceHandle: 'branch-x1', target: 'old' }],
    } as Graph;
    const marks = diffOverlay(a, b, diffGraphs(a, b), builtinRegistry).decorations.edges;
    expect(marks.e9?.label).toBe('added: Score over 50');
    expect(diffOverlay(b, a, diffGraphs(b, a), builtinRegistry).decorations.edges['ghost:e9']?.label).toBe(
      'removed: Score over 50',
    );
  });
});
