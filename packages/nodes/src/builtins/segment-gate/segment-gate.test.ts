import { type Graph, migrateNodeConfigs } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { branchLabel, newBranchId } from '../../fields/branches.js';
import { testContext } from '../../testing/context.js';
import { builtinRegistry } from '../index.js';
import { SegmentGateConfig, SegmentGateConfigV1 } from './config.js';
import { segmentGateNode } from './definition.js';
import { executeSegmentGate } from './execute.js';
import { uniqueBranchLabels } from './migrations.js';

const hotSaas = { '>': [{ var: 'contact.lead_score' }, 80] };
const config = SegmentGateConfig.parse({
  branches: [
    {
      id: 'hot',
      label: 'Hot SaaS lead',
      rule: { and: [hotSaas, { '==': [{ var: 'contact.industry' }, 'SaaS'] }] },
    },
    { id: 'engaged', label: 'Engaged', segment: 'engaged-30d' },
    { id: 'warm', label: 'Warm lead', rule: { '>': [{ var: 'contact.lead_score' }, 50] } },
  ],
});
const segments = { 'engaged-30d': { '>=': [{ var: 'engagement.opens_30d' }, 3] } };

describe('segment-gate', () => {
  it('takes the first matching branch and records the values its rule read', () => {
    const contact = { id: 'c1', lead_score: 92, industry: 'SaaS' };
    const decision = executeSegmentGate(testContext(config, { contact, segments }));
    expect(decision).toMatchObject({
      next: 'hot',
      reason: {
        summary: "Branch 'Hot SaaS lead' matched",
        details: { branch: 'hot', reads: { 'contact.lead_score': 92, 'contact.industry': 'SaaS' } },
      },
    });
  });

  it('resolves a segment branch from the workspace segments', () => {
    const contact = { id: 'c1', lead_score: 60, industry: 'Retail' };
    const decision = executeSegmentGate(
      testContext(config, { contact, segments, engagement: { opens_30d: 4 } }),
    );
    expect(decision).toMatchObject({
      next: 'engaged',
      reason: {
        details: {
          segment: 'engaged-30d',
          rule: segments['engaged-30d'],
          reads: { 'engagement.opens_30d': 4 },
        },
      },
    });
  });

  it('takes else when nothing matches, listing what each branch read', () => {
    const contact = { id: 'c1', lead_score: 12 };
    const decision = executeSegmentGate(testContext(config, { contact, segments }));
    expect(decision.reason?.summary).toBe('No branch matched; took else');
    expect(decision).toMatchObject({ next: 'else', reason: { details: { branch: 'else' } } });
    expect(decision.reason?.details?.checked).toEqual([
      { branch: 'hot', reads: { 'contact.lead_score': 12, 'contact.industry': null } },
      { branch: 'engaged', reads: { 'engagement.opens_30d': null } },
      { branch: 'warm', reads: { 'contact.lead_score': 12 } },
    ]);
  });

  it('fails clearly on an unknown segment name', () => {
    const contact = { id: 'c1', lead_score: 0 };
    expect(() => executeSegmentGate(testContext(config, { contact, segments: {} }))).toThrow(
      "Branch 'Engaged' refers to segment 'engaged-30d', which does not exist",
    );
  });

  it('needs exactly one of rule or segment per branch', () => {
    const both = SegmentGateConfig.safeParse({
      branches: [{ id: 'a', label: 'A', rule: true, segment: 's' }],
    });
    const neither = SegmentGateConfig.safeParse({ branches: [{ id: 'a', label: 'A' }] });
    for (const result of [both, neither]) {
      expect(result.error?.issues[0]?.message).toBe("branch 'A' needs exactly one of a rule or a segment");
    }
  });

  it('rejects duplicate branch ids and the reserved id else', () => {
    const dup = SegmentGateConfig.safeParse({
      branches: [
        { id: 'a', label: 'A', rule: true },
        { id: 'a', label: 'B', rule: false },
      ],
    });
    expect(dup.error?.issues).toMatchObject([
      { path: ['branches', 1, 'id'], message: expect.stringContaining('share the id') },
    ]);
    const reserved = SegmentGateConfig.safeParse({ branches: [{ id: 'else', label: 'E', rule: true }] });
    expect(reserved.error?.issues[0]?.message).toContain('reserved');
  });

  it('has one output per branch plus else, and exposes inline rules only', () => {
    expect(segmentGateNode.outputsFor(config).map((o) => o.id)).toEqual(['hot', 'engaged', 'warm', 'else']);
    expect(segmentGateNode.logicFields?.(config).map((f) => f.path)).toEqual([
      ['branches', 0, 'rule'],
      ['branches', 2, 'rule'],
    ]);
  });
});

describe('segment-gate v2: people name branches, ids are generated', () => {
  it('rejects two branches that read the same, and a branch named like the fallback', () => {
    const twice = SegmentGateConfig.safeParse({
      branches: [
        { id: 'a', label: 'Hot lead', rule: true },
        { id: 'b', label: ' hot LEAD ', rule: false },
      ],
    });
    expect(twice.error?.issues).toMatchObject([
      {
        path: ['branches', 1, 'label'],
        message: "two branches are named ' hot LEAD '; give each branch its own name",
      },
    ]);
    const asElse = SegmentGateConfig.safeParse({ branches: [{ id: 'a', label: 'else', rule: true }] });
    expect(asElse.error?.issues[0]?.message).toContain('fallback');
    const blank = SegmentGateConfig.safeParse({ branches: [{ id: 'a', label: '  ', rule: true }] });
    expect(blank.error?.issues[0]?.message).toBe('give the branch a name');
  });

  it('marks the branch list for the editor, which generates the ids', () => {
    const schema = z.toJSONSchema(SegmentGateConfig, { io: 'input' }) as unknown as {
      properties: { branches: Record<string, unknown> };
    };
    expect(schema.properties.branches['x-editor']).toBe('branches');
  });

  it('migrates v1 configs: ids kept, labels made unique and never "Else"', () => {
    const v1 = {
      branches: [
        { id: 'hot', label: 'Hot', rule: true },
        { id: 'HOT2', label: 'hot', rule: true },
        { id: 'fallback', label: 'Else', segment: 'vips' },
        { id: 'blank', label: ' ', rule: false },
        { id: 'hot3', label: 'Hot', rule: true },
      ],
    };
    const up = uniqueBranchLabels.up(structuredClone(v1)) as typeof v1;
    expect(up.branches.map((b) => [b.id, b.label])).toEqual([
      ['hot', 'Hot'],
      ['HOT2', 'hot (2)'],
      ['fallback', 'Else (2)'],
      ['blank', 'Branch 4'],
      ['hot3', 'Hot (3)'],
    ]);
    expect(up.branches[0]).toEqual(v1.branches[0]);
    expect(SegmentGateConfig.safeParse(up).success).toBe(true);
    expect(SegmentGateConfigV1.safeParse(v1).success).toBe(true);
  });

  it('upgrades stored v1 gates on load with their edges untouched (migrateNodeConfigs)', () => {
    const graph = {
      schemaVersion: 1,
      id: 'g',
      name: 'g',
      nodes: [
        {
          id: 't',
          type: 'trigger',
          version: 1,
          position: { x: 0, y: 0 },
          config: { on: 'event', event: 'x' },
        },
        {
          id: 'gate',
          type: 'segment-gate',
          version: 1,
          position: { x: 0, y: 0 },
          config: {
            branches: [
              { id: 'a', label: 'Same', rule: true },
              { id: 'b', label: 'Same', rule: true },
            ],
          },
        },
      ],
      edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'gate' }],
      settings: { reentry: 'once', timezone: 'UTC' },
    } as unknown as Graph;
    const { graph: up, applied } = migrateNodeConfigs(graph, builtinRegistry);
    expect(applied).toEqual(['gate: segment-gate v1 → v2 (unique-branch-labels)']);
    expect(segmentGateNode.outputsFor(up.nodes[1]?.config).map((o) => `${o.id}:${o.label}`)).toEqual([
      'a:Same',
      'b:Same (2)',
      'else:Else',
    ]);
    expect(up.edges).toBe(graph.edges);
  });

  it('makes fresh branch ids and names outputs by their labels', () => {
    const taken = ['branch-aaaaaa'];
    let calls = 0;
    const id = newBranchId(taken, () => (calls++ === 0 ? 0.37 : 0.5));
    expect(id).toMatch(/^branch-[a-z0-9]{6}$/);
    expect(taken).not.toContain(id);
    const graph = {
      nodes: [{ id: 'g', type: 'segment-gate', version: 2, position: { x: 0, y: 0 }, config }],
    };
    expect(branchLabel(graph, 'g', 'engaged', builtinRegistry)).toBe('Engaged');
    expect(branchLabel(graph, 'g', 'else', builtinRegistry)).toBe('Else');
    expect(branchLabel(graph, 'g', 'gone', builtinRegistry)).toBe('gone');
    expect(branchLabel(graph, 'nope', 'x', builtinRegistry)).toBe('x');
  });
});
