import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { simulateJourney } from '../../journey/simulate.js';
import { testContext } from '../../testing/context.js';
import { builtinRegistry } from '../index.js';
import { SplitConfig } from './config.js';
import { splitNode } from './definition.js';
import { executeSplit } from './execute.js';
import { replaceSplitWithArm } from './winner.js';

const config = SplitConfig.parse({
  arms: [
    { id: 'short', label: 'Short copy', weight: 1 },
    { id: 'long', label: 'Long copy', weight: 3 },
  ],
});
const run = (contactId: string, pinned?: string) =>
  executeSplit(
    testContext(config, { contact: { id: contactId }, nodeId: 'split', ...(pinned && { pinned }) }),
  ) as { next: string; reason: { summary: string } };

describe('split', () => {
  it('sends each contact down the same arm every time, in proportion to the weights', () => {
    const counts: Record<string, number> = { short: 0, long: 0 };
    for (let i = 0; i < 2000; i++) {
      const first = run(`c-${i}`).next;
      expect(run(`c-${i}`).next).toBe(first);
      counts[first]! += 1;
    }
    expect(counts.long! / 2000).toBeGreaterThan(0.7);
    expect(counts.long! / 2000).toBeLessThan(0.8);
  });

  it('names the arm and its share in the trace, and takes a pinned arm', () => {
    const decision = run('c-1');
    expect(decision.reason.summary).toMatch(/^Arm '(Short copy' \(25%|Long copy' \(75%) of contacts\)$/);
    expect(run('c-1', 'short').next).toBe('short');
    expect(run('c-1', 'short').reason.summary).toBe("Arm 'Short copy' (pinned)");
    expect(run('c-1', 'nonexistent').next).toBe(decision.next);
  });

  it('has one output per arm and refuses 1 or 6 arms, repeated names and zero weights', () => {
    expect(splitNode.outputsFor(config)).toEqual([
      { id: 'short', label: 'Short copy' },
      { id: 'long', label: 'Long copy' },
    ]);
    const arms = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `a${i}`, label: `A${i}`, weight: 1 }));
    expect(SplitConfig.safeParse({ arms: arms(1) }).success).toBe(false);
    expect(SplitConfig.safeParse({ arms: arms(5) }).success).toBe(true);
    expect(SplitConfig.safeParse({ arms: arms(6) }).success).toBe(false);
    const same = SplitConfig.safeParse({
      arms: [
        { id: 'a', label: 'Same', weight: 1 },
        { id: 'b', label: 'same ', weight: 1 },
      ],
    });
    expect(same.error?.issues[0]?.message).toMatch(/two arms are named/);
    expect(SplitConfig.safeParse({ arms: [...arms(1), { id: 'z', label: 'Z', weight: 0 }] }).success).toBe(
      false,
    );
  });

  it('walks a journey down the pinned arm in the simulator (a test case can pin an arm)', () => {
    const graph: Graph = {
      schemaVersion: 1,
      id: 'copy-test',
      name: 'Copy test',
      settings: { reentry: 'once', timezone: 'UTC' },
      nodes: [
        {
          id: 'trigger',
          type: 'trigger',
          version: 1,
          position: { x: 0, y: 0 },
          config: { on: 'event', event: 'signup' },
        },
        { id: 'split', type: 'split', version: 1, position: { x: 0, y: 100 }, config },
      ],
      edges: [{ id: 'e1', source: 'trigger', sourceHandle: 'next', target: 'split' }],
    };
    for (const arm of ['short', 'long']) {
      const result = simulateJourney({
        graph,
        registry: builtinRegistry,
        contact: { id: 'c-7' },
        events: [{ after: 0, type: 'signup' }],
        start: '2026-03-02T10:00:00Z',
        pinned: { split: arm },
      });
      expect(result.outcome).toBe('completed');
      expect(result.path.find((s) => s.nodeId === 'split')?.output).toBe(arm);
    }
  });
});

describe('replaceSplitWithArm', () => {
  const at = { x: 0, y: 0 };
  const graph: Graph = {
    schemaVersion: 1,
    id: 'copy-test',
    name: 'Copy test',
    settings: { reentry: 'once', timezone: 'UTC' },
    nodes: [
      { id: 'trigger', type: 'trigger', version: 1, position: at, config: { on: 'event', event: 'signup' } },
      { id: 'split', type: 'split', version: 1, position: at, config },
      { id: 'short-email', type: 'send', version: 1, position: at, config: {} },
      { id: 'long-email', type: 'send', version: 1, position: at, config: {} },
      { id: 'handoff', type: 'sales-handoff', version: 1, position: at, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'trigger', sourceHandle: 'next', target: 'split' },
      { id: 'e2', source: 'split', sourceHandle: 'short', target: 'short-email' },
      { id: 'e3', source: 'split', sourceHandle: 'long', target: 'long-email' },
      { id: 'e4', source: 'short-email', sourceHandle: 'next', target: 'handoff' },
      { id: 'e5', source: 'long-email', sourceHandle: 'next', target: 'handoff' },
    ],
  };

  it('leads what entered the split down the winning arm and drops steps only the other arm reached', () => {
    const result = replaceSplitWithArm(graph, 'split', 'long');
    if (!result.ok) throw new Error(result.message);
    expect(result.graph.nodes.map((n) => n.id)).toEqual(['trigger', 'long-email', 'handoff']);
    expect(result.graph.edges).toEqual([
      { id: 'e1', source: 'trigger', sourceHandle: 'next', target: 'long-email' },
      { id: 'e5', source: 'long-email', sourceHandle: 'next', target: 'handoff' },
    ]);
    expect(result.removedNodes).toEqual(['short-email']);
  });

  it('ends the journey where the split was when the winning arm led nowhere', () => {
    const open = { ...graph, edges: graph.edges.filter((e) => e.id !== 'e2') };
    const result = replaceSplitWithArm(open, 'split', 'short');
    if (!result.ok) throw new Error(result.message);
    expect(result.graph.nodes.map((n) => n.id)).toEqual(['trigger']);
    expect(result.graph.edges).toEqual([]);
  });

  it('names what is wrong with an unknown step or arm', () => {
    expect(replaceSplitWithArm(graph, 'nope', 'long')).toMatchObject({ ok: false, path: 'nodeId' });
    expect(replaceSplitWithArm(graph, 'split', 'nope')).toMatchObject({ ok: false, path: 'arm' });
  });
});
