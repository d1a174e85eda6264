import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { edge, node, welcomeJourney } from '../../test/helpers/journeys.js';
import { Graph, type GraphEdge, type GraphNode } from '../graph.js';
import { describeItem } from './describe.js';
import { graphItems, itemKey, itemValue, parseItemKey, sameItem, withItem } from './items.js';
import { mergeGraphs } from './mergeGraphs.js';

const welcome = () => Graph.parse(welcomeJourney());
const clone = (g: Graph): Graph => structuredClone(g);
const step = (g: Graph, id: string) => g.nodes.find((n) => n.id === id) as GraphNode;

/** A graph compared as sets: node and edge order and edge ids carry no meaning. */
function comparable(g: Graph) {
  const { nodes, edges, ...rest } = g;
  return {
    ...rest,
    nodes: [...nodes].sort((a, b) => (a.id < b.id ? -1 : 1)),
    edges: edges.map((e) => `${e.source}|${e.sourceHandle}|${e.target}`).sort(),
  };
}

/** Structural soundness every merge result keeps, conflicts or not. */
function expectSound(g: Graph) {
  expect(Graph.safeParse(g).success).toBe(true);
  const ids = new Set(g.nodes.map((n) => n.id));
  expect(ids.size).toBe(g.nodes.length);
  expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
  expect(new Set(g.edges.map((e) => `${e.source}|${e.sourceHandle}`)).size).toBe(g.edges.length);
  for (const e of g.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
}

describe('mergeGraphs: examples', () => {
  it('merges edits to different steps, settings and the name without conflicts', () => {
    const base = welcome();
    const theirs = clone(base);
    step(theirs, 'nurture').config = { template: 'nurture', subject: 'Week one, better' };
    theirs.settings.reentry = 'always';
    const mine = clone(base);
    step(mine, 'reminder').label = 'Second nudge';
    mine.name = 'Welcome (v2)';
    mine.nodes.push(node({ id: 'extra', type: 'send', config: { subject: 'Extra' } }));
    mine.edges.push(edge('follow-up', 'next', 'extra'));

    const { graph, conflicts } = mergeGraphs(base, theirs, mine);
    expect(conflicts).toEqual([]);
    expect(step(graph, 'nurture').config.subject).toBe('Week one, better');
    expect(step(graph, 'reminder').label).toBe('Second nudge');
    expect(graph.name).toBe('Welcome (v2)');
    expect(graph.settings.reentry).toBe('always');
    expect(graph.edges.some((e) => e.source === 'follow-up' && e.target === 'extra')).toBe(true);
    expectSound(graph);
  });

  it('reports the same step edited on both sides as a conflict with both versions, settled by keep', () => {
    const base = welcome();
    const theirs = clone(base);
    step(theirs, 'nurture').config = { template: 'nurture', subject: 'Theirs' };
    const mine = clone(base);
    step(mine, 'nurture').label = 'Mine';

    const merged = mergeGraphs(base, theirs, mine);
    expect(merged.conflicts).toHaveLength(1);
    expect(merged.conflicts[0]).toMatchObject({
      key: 'node:nurture',
      kind: 'node',
      id: 'nurture',
      reason: 'both-changed',
      kept: 'theirs',
      chosen: false,
      theirs: expect.objectContaining({ config: { template: 'nurture', subject: 'Theirs' } }),
      mine: expect.objectContaining({ label: 'Mine' }),
    });
    expect(step(merged.graph, 'nurture').config.subject).toBe('Theirs');

    const keptMine = mergeGraphs(base, theirs, mine, { keep: { 'node:nurture': 'mine' } });
    expect(keptMine.conflicts[0]).toMatchObject({ kept: 'mine', chosen: true });
    expect(step(keptMine.graph, 'nurture').label).toBe('Mine');
    expect(step(keptMine.graph, 'nurture').config.subject).toBe('Tips for week one');
  });

  it('lets a move on one side and an edit on the other both land', () => {
    const base = welcome();
    const theirs = clone(base);
    step(theirs, 'gate').position = { x: 400, y: 400 };
    const mine = clone(base);
    step(mine, 'gate').label = 'Hot or not';
    const { graph, conflicts } = mergeGraphs(base, theirs, mine);
    expect(conflicts).toEqual([]);
    expect(step(graph, 'gate')).toMatchObject({ label: 'Hot or not', position: { x: 400, y: 400 } });
  });

  it('deletes a step only moved on the other side, but not one changed or connected there', () => {
    const base = welcome();
    const theirs = clone(base);
    theirs.nodes = theirs.nodes.filter((n) => n.id !== 'nurture');
    theirs.edges = theirs.edges.filter((e) => e.target !== 'nurture');

    const moved = clone(base);
    step(moved, 'nurture').position = { x: 9, y: 9 };
    const afterMove = mergeGraphs(base, theirs, moved);
    expect(afterMove.conflicts).toEqual([]);
    expect(afterMove.graph.nodes.some((n) => n.id === 'nurture')).toBe(false);

    const changed = clone(base);
    step(changed, 'nurture').label = 'Keep me';
    const afterChange = mergeGraphs(base, theirs, changed);
    expect(afterChange.conflicts.map((c) => [c.key, c.reason])).toEqual([
      ['node:nurture', 'deleted-and-changed'],
    ]);
    expect(afterChange.graph.nodes.some((n) => n.id === 'nurture')).toBe(false);
    expectSound(afterChange.graph);
    const restored = mergeGraphs(base, theirs, changed, { keep: 'mine' }).graph;
    expect(step(restored, 'nurture').label).toBe('Keep me');

    const connected = clone(base);
    connected.edges.push(edge('reminder', 'next', 'nurture'));
    const afterConnect = mergeGraphs(base, theirs, connected);
    expect(afterConnect.conflicts.map((c) => [c.key, c.reason])).toEqual([
      ['node:nurture', 'deleted-and-connected'],
    ]);
    expectSound(afterConnect.graph);
    const kept = mergeGraphs(base, theirs, connected, { keep: 'mine' }).graph;
    expect(kept.edges.some((e) => e.source === 'reminder' && e.target === 'nurture')).toBe(true);
    expectSound(kept);
  });

  it('does not count an edge dropped with a deleted step as an edit of its own', () => {
    const base = welcome();
    const theirs = clone(base);
    theirs.nodes = theirs.nodes.filter((n) => n.id !== 'nurture');
    theirs.edges = theirs.edges.filter((e) => e.target !== 'nurture');
    const mine = clone(base);
    const elseEdge = mine.edges.find((e) => e.source === 'gate' && e.sourceHandle === 'else') as GraphEdge;
    elseEdge.target = 'reminder';
    const { graph, conflicts } = mergeGraphs(base, theirs, mine);
    expect(conflicts).toEqual([]);
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ source: 'gate', sourceHandle: 'else', target: 'reminder' }),
    );
  });

  it('conflicts when both sides send one output to different steps', () => {
    const base = welcome();
    const theirs = clone(base);
    (theirs.edges.find((e) => e.source === 'gate' && e.sourceHandle === 'else') as GraphEdge).target =
      'reminder';
    const mine = clone(base);
    (mine.edges.find((e) => e.source === 'gate' && e.sourceHandle === 'else') as GraphEdge).target =
      'follow-up';
    const { conflicts } = mergeGraphs(base, theirs, mine);
    expect(conflicts.map((c) => c.key)).toEqual([itemKey.edge('gate', 'else')]);
    expect(describeItem(parseItemKey(conflicts[0]!.key), [theirs])).toBe("the 'else' path of 'Qualify'");
  });

  it('names items in words', () => {
    const g = welcome();
    expect(describeItem(parseItemKey('node:gate'), [g])).toBe("'Qualify'");
    expect(describeItem(parseItemKey('node:nurture'), [g])).toBe("'Send'");
    expect(describeItem(parseItemKey(itemKey.edge('gate', 'hot')), [g])).toBe(
      "the 'Hot lead' path of 'Qualify'",
    );
    expect(describeItem(parseItemKey(itemKey.edge('signup', 'next')), [g])).toBe("what follows 'Sign-up'");
    expect(describeItem(parseItemKey('setting:goal'), [g])).toBe("the journey's goal");
    expect(describeItem(parseItemKey('position:gate'), [g])).toBe("where 'Qualify' sits");
  });
});

// ---- properties -------------------------------------------------------------------------------

const OUTPUTS = ['next', 'alt'] as const;
const word = fc.constantFrom('Welcome', 'Nudge', 'Hot', 'Cold', 'Sales', 'Wait a bit', 'Ping');

/** A base journey: up to 8 steps, each output maybe wired to another step. */
const baseGraph = fc
  .record({
    count: fc.integer({ min: 1, max: 8 }),
    labels: fc.array(word, { minLength: 8, maxLength: 8 }),
    wires: fc.array(fc.option(fc.nat(7), { nil: undefined }), { minLength: 16, maxLength: 16 }),
    reentry: fc.constantFrom('once', 'always', 'after-exit'),
    goal: fc.option(fc.constantFrom('purchase', 'demo.booked'), { nil: undefined }),
  })
  .map(({ count, labels, wires, reentry, goal }): Graph => {
    const nodes = Array.from({ length: count }, (_, i) =>
      node({
        id: `n${i}`,
        type: 'send',
        label: labels[i],
        config: { subject: labels[i] },
        position: { x: i, y: 0 },
      }),
    );
    const edges: GraphEdge[] = [];
    nodes.forEach((n, i) => {
      OUTPUTS.forEach((output, o) => {
        const to = wires[i * 2 + o];
        if (to !== undefined && to < count && to !== i) edges.push(edge(n.id, output, `n${to}`));
      });
    });
    return Graph.parse({
      schemaVersion: 1,
      id: 'j',
      name: 'Journey',
      nodes,
      edges,
      settings: { reentry, timezone: 'UTC', ...(goal ? { goal: { event: goal } } : {}) },
    });
  });

type Action = 'keep' | 'label' | 'config' | 'move' | 'delete';
interface EditPlan {
  actions: Action[];
  added: number;
  wires: Array<number | null | undefined>;
  texts: string[];
  reentry: 'once' | 'always' | 'after-exit';
  rename: boolean;
}
const editPlan = fc.record({
  actions: fc.array(fc.constantFrom<Action>('keep', 'label', 'config', 'move', 'delete'), {
    minLength: 10,
    maxLength: 10,
  }),
  added: fc.integer({ min: 0, max: 2 }),
  // per output of owned/new steps: undefined = leave, null = disconnect, n = to the n-th allowed target
  wires: fc.array(fc.option(fc.option(fc.nat(20), { nil: null }), { nil: undefined }), {
    minLength: 24,
    maxLength: 24,
  }),
  texts: fc.array(word, { minLength: 12, maxLength: 12 }),
  reentry: fc.constantFrom('once', 'always', 'after-exit'),
  rename: fc.boolean(),
});

/**
 * One side's edit, touching only the steps in `owned` (and the outputs leaving them or the steps
 * it adds), the setting and journey fields in `fields`. Like the editor, deleting a step drops its
 * edges. New edges lead only to steps in `targets` (or its own new steps).
 */
function applyPlan(
  base: Graph,
  side: string,
  plan: EditPlan,
  owned: ReadonlySet<string>,
  targets: ReadonlySet<string>,
  fields: ReadonlySet<'reentry' | 'name'>,
): Graph {
  const g = clone(base);
  let text = 0;
  const nextText = () => `${side} ${plan.texts[text++ % plan.texts.length]}`;
  const deleted = new Set<string>();
  g.nodes.forEach((n, i) => {
    if (!owned.has(n.id)) return;
    const action = plan.actions[i % plan.actions.length];
    if (action === 'label') n.label = nextText();
    else if (action === 'config') n.config = { subject: nextText() };
    else if (action === 'move') n.position = { x: n.position.x + 10 + i, y: side.length };
    else if (action === 'delete') deleted.add(n.id);
  });
  g.nodes = g.nodes.filter((n) => !deleted.has(n.id));
  g.edges = g.edges.filter((e) => !deleted.has(e.source) && !deleted.has(e.target));
  const fresh = Array.from({ length: plan.added }, (_, i) =>
    node({ id: `${side}-new${i}`, type: 'wait', label: nextText(), config: {}, position: { x: 50, y: i } }),
  );
  g.nodes.push(...fresh);
  const reachable = [...targets].filter((id) => !deleted.has(id)).concat(fresh.map((n) => n.id));
  const sources = [...owned].filter((id) => !deleted.has(id)).concat(fresh.map((n) => n.id));
  let w = 0;
  for (const source of sources) {
    for (const output of OUTPUTS) {
      const wire = plan.wires[w++ % plan.wires.length];
      if (wire === undefined) continue;
      g.edges = g.edges.filter((e) => !(e.source === source && e.sourceHandle === output));
      const target = wire === null ? undefined : reachable[wire % Math.max(1, reachable.length)];
      if (target && target !== source)
        g.edges.push(edge(source, output, target, `${side}-${source}-${output}`));
    }
  }
  if (fields.has('reentry')) g.settings.reentry = plan.reentry;
  if (fields.has('name') && plan.rename) g.name = `${side} name`;
  return Graph.parse(g);
}

/** Splits the base's steps between two people and a set nobody touches. */
const disjointEdits = baseGraph.chain((base) =>
  fc
    .record({
      owner: fc.array(fc.constantFrom('t', 'm', '-'), { minLength: 8, maxLength: 8 }),
      theirs: editPlan,
      mine: editPlan,
      reentryTo: fc.constantFrom('t', 'm'),
      nameTo: fc.constantFrom('t', 'm'),
    })
    .map(({ owner, theirs, mine, reentryTo, nameTo }) => {
      const ownedBy = (who: string) =>
        new Set(base.nodes.filter((_, i) => owner[i] === who).map((n) => n.id));
      const [tOwn, mOwn, free] = [ownedBy('t'), ownedBy('m'), ownedBy('-')];
      const fieldsOf = (who: string) =>
        new Set([
          ...(reentryTo === who ? ['reentry' as const] : []),
          ...(nameTo === who ? ['name' as const] : []),
        ]);
      return {
        base,
        theirs: applyPlan(base, 't', theirs, tOwn, new Set([...free, ...tOwn]), fieldsOf('t')),
        mine: applyPlan(base, 'm', mine, mOwn, new Set([...free, ...mOwn]), fieldsOf('m')),
      };
    }),
);

/** Two people editing anything at all, overlapping or not. */
const anyEdits = baseGraph.chain((base) =>
  fc.record({ theirs: editPlan, mine: editPlan }).map(({ theirs, mine }) => {
    const all = new Set(base.nodes.map((n) => n.id));
    const fields = new Set(['reentry', 'name'] as const);
    return {
      base,
      theirs: applyPlan(base, 't', theirs, all, all, fields),
      mine: applyPlan(base, 'm', mine, all, all, fields),
    };
  }),
);

describe('mergeGraphs: properties', () => {
  it('merging disjoint edits loses nothing: every item one side changed holds that side’s value', () => {
    fc.assert(
      fc.property(disjointEdits, ({ base, theirs, mine }) => {
        const { graph, conflicts } = mergeGraphs(base, theirs, mine);
        expect(conflicts).toEqual([]);
        expectSound(graph);
        const [b, t, m, out] = [base, theirs, mine, graph].map(graphItems) as [
          Map<string, unknown>,
          Map<string, unknown>,
          Map<string, unknown>,
          Map<string, unknown>,
        ];
        for (const key of new Set([...b.keys(), ...t.keys(), ...m.keys()])) {
          // Dropping an edge together with the step at one of its ends is not an edit of the edge.
          const dropped = (side: Graph, items: Map<string, unknown>) => {
            const was = b.get(key) as GraphEdge | undefined;
            const ends = was ? [was.source, was.target] : [];
            return items.get(key) === undefined && ends.some((id) => !side.nodes.some((n) => n.id === id));
          };
          const changedT =
            !sameItem(key, b.get(key), t.get(key)) && !(key.startsWith('edge:') && dropped(theirs, t));
          const changedM =
            !sameItem(key, b.get(key), m.get(key)) && !(key.startsWith('edge:') && dropped(mine, m));
          const expected = changedT ? t.get(key) : changedM ? m.get(key) : b.get(key);
          const ref = parseItemKey(key);
          // An output's edge goes with a step at either end that a side deleted.
          const ends = expected ? [(expected as GraphEdge).source, (expected as GraphEdge).target] : [];
          const endGone = ref.kind === 'edge' && ends.some((id) => !graph.nodes.some((n) => n.id === id));
          // A position only exists while its step does.
          const stepGone = ref.kind === 'position' && !graph.nodes.some((n) => n.id === ref.id);
          if (endGone || stepGone) continue;
          expect(sameItem(key, out.get(key), expected), key).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is symmetric: the same conflicts either way round, and keeping mine equals swapping sides', () => {
    fc.assert(
      fc.property(anyEdits, ({ base, theirs, mine }) => {
        const forward = mergeGraphs(base, theirs, mine);
        const backward = mergeGraphs(base, mine, theirs);
        expect(forward.conflicts.map((c) => [c.key, c.reason])).toEqual(
          backward.conflicts.map((c) => [c.key, c.reason]),
        );
        expectSound(forward.graph);
        expectSound(backward.graph);
        const keptMine = mergeGraphs(base, theirs, mine, { keep: 'mine' });
        expect(comparable(keptMine.graph)).toEqual(comparable(backward.graph));
        if (forward.conflicts.length === 0)
          expect(comparable(forward.graph)).toEqual(comparable(backward.graph));
      }),
      { numRuns: 300 },
    );
  });

  it('reports every step both sides changed differently as a conflict', () => {
    fc.assert(
      fc.property(anyEdits, ({ base, theirs, mine }) => {
        const { conflicts } = mergeGraphs(base, theirs, mine);
        const keys = new Set(conflicts.map((c) => c.key));
        const strip = (n: GraphNode | undefined) => n && { ...n, position: undefined };
        for (const b of base.nodes) {
          const [t, m] = [step(theirs, b.id), step(mine, b.id)].map(strip);
          const bothEdited = t && m && !sameItem('node:', t, strip(b)) && !sameItem('node:', m, strip(b));
          if (bothEdited && !sameItem('node:', t, m)) expect(keys.has(itemKey.node(b.id))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes the one side that changed anything as it is', () => {
    fc.assert(
      fc.property(anyEdits, ({ base, theirs, mine }) => {
        expect(comparable(mergeGraphs(base, base, mine).graph)).toEqual(comparable(mine));
        expect(comparable(mergeGraphs(base, theirs, base).graph)).toEqual(comparable(theirs));
        expect(mergeGraphs(base, mine, mine).conflicts).toEqual([]);
        expect(comparable(mergeGraphs(base, mine, mine).graph)).toEqual(comparable(mine));
      }),
      { numRuns: 200 },
    );
  });
});

describe('withItem', () => {
  it('puts back a step, an edge, a setting and a field, and removes a step with its edges', () => {
    const g = welcome();
    const gate = step(g, 'gate');
    const without = withItem(g, 'node:gate', undefined);
    expect(without.nodes.some((n) => n.id === 'gate')).toBe(false);
    expect(without.edges.some((e) => e.source === 'gate' || e.target === 'gate')).toBe(false);
    const back = withItem(without, 'node:gate', gate);
    expect(step(back, 'gate')).toEqual(gate);
    const rewired = withItem(g, itemKey.edge('gate', 'else'), edge('gate', 'else', 'reminder'));
    expect(rewired.edges.filter((e) => e.source === 'gate' && e.sourceHandle === 'else')).toEqual([
      expect.objectContaining({ target: 'reminder' }),
    ]);
    expect(withItem(g, 'setting:reentry', 'always').settings.reentry).toBe('always');
    expect(withItem(g, 'graph:name', 'Renamed').name).toBe('Renamed');
    for (const key of graphItems(g).keys()) {
      expect(comparable(withItem(g, key, itemValue(g, key)))).toEqual(comparable(g));
    }
  });
});
