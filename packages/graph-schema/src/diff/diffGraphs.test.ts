import { describe, expect, it } from 'vitest';
import { bigGraph } from '../../test/helpers/bigGraph.js';
import { edge, node, welcomeJourney } from '../../test/helpers/journeys.js';
import { Graph } from '../graph.js';
import { formatValue } from './describe.js';
import { diffGraphs } from './diffGraphs.js';

const published = () => Graph.parse(welcomeJourney());

/** The edit an operator makes before republishing: longer cool-off, a new step, rewired else. */
function editedDraft() {
  const draft = published();
  draft.settings.reentry = 'always';
  const coolOff = draft.nodes.find((n) => n.id === 'cool-off') as Graph['nodes'][number];
  coolOff.config = { duration: 'P3D' };
  const gate = draft.nodes.find((n) => n.id === 'gate') as Graph['nodes'][number];
  gate.config = {
    branches: [
      { id: 'hot', label: 'Hot lead', rule: { and: [{ '>': [{ var: 'contact.lead_score' }, 70] }] } },
    ],
  };
  draft.nodes.push(
    node({ id: 'webinar', type: 'send', config: { template: 'webinar', subject: 'Join us live' } }),
  );
  draft.nodes = draft.nodes.filter((n) => n.id !== 'nurture');
  draft.edges = draft.edges.filter((e) => e.target !== 'nurture');
  draft.edges.push(edge('gate', 'else', 'webinar'));
  (draft.nodes[0] as Graph['nodes'][number]).position = { x: 40, y: -10 };
  return draft;
}

describe('diffGraphs', () => {
  it('summarises an edited journey line by line', () => {
    const diff = diffGraphs(published(), editedDraft());
    expect(diff.changes.map((change) => change.summary)).toEqual([
      'Settings: reentry once → always',
      "Removed send node 'nurture'",
      "Added send node 'webinar'",
      "Wait 'cool-off': duration P2D → P3D",
      "Gate 'Qualify': branches[0].rule.and[0].>[1] 50 → 70",
      "Moved event trigger 'Sign-up' (layout only)",
      'Removed edge gate.else → nurture',
      'Added edge gate.else → webinar',
    ]);
    expect(diff.semantic).toBe(true);
    expect(diff.counts).toMatchObject({
      'node-added': 1,
      'node-removed': 1,
      'node-changed': 2,
      'node-moved': 1,
    });
  });

  it('gives structured paths with before and after values', () => {
    const diff = diffGraphs(published(), editedDraft());
    expect(diff.changes.find((change) => change.nodeId === 'cool-off')).toEqual({
      kind: 'node-changed',
      layout: false,
      nodeId: 'cool-off',
      path: 'config.duration',
      before: 'P2D',
      after: 'P3D',
      summary: "Wait 'cool-off': duration P2D → P3D",
    });
    expect(diff.changes[0]).toMatchObject({
      kind: 'settings-changed',
      path: 'settings.reentry',
      before: 'once',
    });
  });

  it('reports a layout-only edit as not semantic', () => {
    const moved = published();
    for (const n of moved.nodes) n.position = { x: n.position.x + 10, y: n.position.y };
    const diff = diffGraphs(published(), moved);
    expect(diff.semantic).toBe(false);
    expect(diff.counts['node-moved']).toBe(moved.nodes.length);
  });

  it('matches edges by what they connect, not by id', () => {
    const renumbered = published();
    renumbered.edges = renumbered.edges.map((e, i) => ({ ...e, id: `e${i}` })).reverse();
    const diff = diffGraphs(published(), renumbered);
    expect(diff.counts['edge-added'] + diff.counts['edge-removed']).toBe(0);
    expect(diff.counts['edge-renamed']).toBe(renumbered.edges.length);
  });

  it('is empty for equal graphs, whatever the array order', () => {
    const shuffled = published();
    shuffled.nodes.reverse();
    expect(diffGraphs(published(), shuffled)).toMatchObject({ changes: [], semantic: false });
  });

  it('uses titles from the caller and reports journey fields and added branches', () => {
    const a = published();
    const b = published();
    b.name = 'Welcome journey (EU)';
    const gate = b.nodes[2] as Graph['nodes'][number];
    const branches = (gate.config.branches as unknown[]).concat({ id: 'warm', label: 'Warm', rule: true });
    gate.config = { branches };
    const summaries = diffGraphs(a, b, {
      typeTitle: (type) => (type === 'gate' ? 'Decision' : type),
    }).changes.map((change) => change.summary);
    expect(summaries).toEqual([
      'Journey: name "Welcome journey" → "Welcome journey (EU)"',
      `Decision 'Qualify': branches[1] (none) → {"id":"warm","label":"Warm","rule":true}`,
    ]);
  });

  it('diffs two 2,000-node graphs', () => {
    const a = Graph.parse(bigGraph());
    const b = structuredClone(a);
    (b.nodes.find((n) => n.id === 'send-100') as Graph['nodes'][number]).config.subject = 'Changed';
    const diff = diffGraphs(a, b);
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]?.summary).toBe(`Send 'send-100': subject "Step 100" → Changed`);
  });
});

describe('formatValue', () => {
  it('reads well', () => {
    expect(formatValue('P2D')).toBe('P2D');
    expect(formatValue('two words')).toBe('"two words"');
    expect(formatValue(undefined)).toBe('(none)');
    expect(formatValue(null)).toBe('null');
    expect(formatValue('x'.repeat(100))).toHaveLength(60);
  });
});
