import type { ApiNodeType } from '@crossroads/api';
import { validateGraph } from '@crossroads/graph-schema';
import { builtinRegistry } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { graphOf, node } from '../test-support/graphs.js';
import { createCatalog } from './catalog.js';
import { builtinItems } from './loadCatalog.js';

const packType: ApiNodeType = {
  type: 'acme-crm/tag',
  version: 1,
  title: 'Tag in CRM',
  description: 'Adds a tag',
  category: 'CRM',
  icon: 'tag',
  color: '#0f766e',
  kind: 'action',
  outputs: [
    { id: 'done', label: 'Tagged' },
    { id: 'failed', label: 'Failed' },
  ],
  defaults: { tag: 'vip' },
  configSchema: { type: 'object', properties: { tag: { type: 'string', minLength: 1 } }, required: ['tag'] },
  pack: { name: 'acme-crm', version: '1.0.0', author: null },
  hosts: [],
};

describe('node catalog', () => {
  const catalog = createCatalog([...builtinItems(), packType], (t, v) => builtinRegistry.get(t, v));

  it('uses built-in definitions for outputs and summaries', () => {
    const gate = {
      ...node('g', 'segment-gate'),
      config: { branches: [{ id: 'hot', label: 'Hot', rule: { '==': [1, 1] } }] },
    };
    expect(catalog.outputsOf(gate).map((o) => o.id)).toEqual(['hot', 'else']);
    expect(
      catalog.summaryOf({ ...node('w', 'wait'), config: { mode: 'duration', duration: 'P2D' } }),
    ).toMatch(/2 days/);
  });

  it('gives pack types known only through the API their static outputs and a generic summary', () => {
    const tag = { ...node('t', 'acme-crm/tag'), config: { tag: 'vip' } };
    expect(catalog.outputsOf(tag).map((o) => o.id)).toEqual(['done', 'failed']);
    expect(catalog.summaryOf(tag)).toBe('tag: vip');
    expect(catalog.latest('acme-crm/tag')?.pack.name).toBe('acme-crm');
  });

  it('validates pack configs against their JSON Schema through the shared validateGraph', () => {
    const trigger = { ...node('start', 'trigger'), config: { on: 'event', event: 'page.viewed' } };
    const bad = { ...node('t', 'acme-crm/tag'), config: { tag: '' } };
    const { problems } = validateGraph(graphOf([trigger, bad], ['start>t']), catalog.registry);
    expect(problems.some((p) => p.nodeId === 't' && p.path.includes('config'))).toBe(true);
  });

  it('names the pack of pack types only, and follows `branches` for config-dependent pack outputs', () => {
    const split: ApiNodeType = {
      ...packType,
      type: 'ab-split/split',
      kind: 'gate',
      outputs: null,
      outputsForDefaults: [{ id: 'a', label: 'A (50%)' }],
      defaults: {},
      configSchema: { type: 'object' },
      pack: { name: '@crossroads-examples/ab-split', version: '0.1.0', author: null },
      hosts: [],
    };
    const withSplit = createCatalog([...builtinItems(), split], (t, v) => builtinRegistry.get(t, v), [
      { spec: './packs/broken', message: 'invalid package.json' },
    ]);
    expect(withSplit.packOf('ab-split/split')).toEqual({
      name: '@crossroads-examples/ab-split',
      version: '0.1.0',
      author: null,
    });
    expect(withSplit.packOf('wait')).toBeUndefined();
    expect(withSplit.packErrors).toHaveLength(1);
    const branches = [
      { id: 'a', label: 'Control' },
      { id: 'c', label: 'Third' },
    ];
    const node3 = { ...node('s', 'ab-split/split'), config: { branches } };
    expect(withSplit.outputsOf(node3).map((o) => o.id)).toEqual(['a', 'c']);
    expect(withSplit.outputsOf(node('s', 'ab-split/split')).map((o) => o.id)).toEqual(['a']);
  });

  it('answers unknown types without throwing', () => {
    const ghost = node('x', 'nobody/ghost');
    expect(catalog.outputsOf(ghost)).toEqual([{ id: 'next', label: 'Next' }]);
    expect(catalog.summaryOf(ghost)).toMatch(/Unknown type/);
    expect(catalog.registry.versionsOf('nobody/ghost')).toEqual([]);
  });
});
