import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtins } from '../builtins/index.js';
import { defineNode } from '../sdk/defineNode.js';
import { definePack } from '../sdk/definePack.js';
import { createRegistry } from '../sdk/registry.js';
import { checkGraphPacks, recordGraphPacks } from './checkGraphPacks.js';

const lookup = defineNode({
  type: 'crm/lookup',
  version: 1,
  title: 'Lookup',
  description: 'Looks a contact up',
  category: 'CRM',
  icon: 'search',
  color: '#0ea5e9',
  kind: 'action',
  configSchema: z.object({}),
  defaults: {},
  outputs: [{ id: 'next', label: 'Next' }],
  capabilities: {},
  idempotent: true,
  execute: () => ({ next: 'next' }),
});
const crm = (version: string, apiVersion = 1) => ({
  ...definePack({ name: '@acme/crm', version, nodes: [lookup] }),
  apiVersion,
});
const registry = (...packs: ReturnType<typeof crm>[]) => createRegistry([builtins, ...packs]);
const node = (id: string, type: string) => ({ id, type, version: 1, position: { x: 0, y: 0 }, config: {} });
const graph = (packs?: Record<string, string>) => ({
  nodes: [node('t', 'trigger'), node('l', 'crm/lookup')],
  ...(packs && { packs }),
});
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('checkGraphPacks', () => {
  it('accepts a graph whose recorded packs are loaded at a satisfying version', () => {
    expect(checkGraphPacks(graph({ '@acme/crm': '^1.2.0' }), registry(crm('1.4.1')))).toEqual([]);
  });

  it('refuses a recorded range the loaded version does not satisfy, with both versions in the message', () => {
    const problems = checkGraphPacks(graph({ '@acme/crm': '^2.0.0' }), registry(crm('1.4.1')));
    expect(problems).toEqual([
      {
        code: 'pack.version-incompatible',
        severity: 'error',
        path: 'packs.@acme/crm',
        message: "Pack '@acme/crm' 1.4.1 is loaded, but the graph needs ^2.0.0",
      },
    ]);
  });

  it('refuses a pack that is not loaded, once per pack', () => {
    const problems = checkGraphPacks(graph({ '@acme/crm': '^1.0.0' }), registry());
    expect(codes(problems)).toEqual(['pack.missing']);
    expect(problems[0]?.message).toContain('add it to CROSSROADS_PACKS');
  });

  it('refuses a pack node whose pack is neither recorded nor loaded, at the node', () => {
    const problems = checkGraphPacks(graph(), registry());
    expect(problems).toEqual([
      expect.objectContaining({ code: 'pack.missing', path: 'nodes[1].type', nodeId: 'l' }),
    ]);
  });

  it('refuses a loaded pack built for another API version, and an invalid range', () => {
    expect(codes(checkGraphPacks(graph({ '@acme/crm': '^1.0.0' }), registry(crm('1.0.0', 2))))).toEqual([
      'pack.api-incompatible',
    ]);
    expect(codes(checkGraphPacks(graph({ '@acme/crm': 'latest please' }), registry(crm('1.0.0'))))).toEqual([
      'pack.range-invalid',
    ]);
  });

  it('asks to record a pack the graph uses but does not list; recordGraphPacks fixes it', () => {
    const problems = checkGraphPacks(graph(), registry(crm('1.4.1')));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'pack.unrecorded',
        nodeId: 'l',
        message: expect.stringContaining('add packs: { "@acme/crm": "^1.4.1" }'),
      }),
    ]);
    const recorded = recordGraphPacks(graph(), registry(crm('1.4.1')));
    expect(recorded.packs).toEqual({ '@acme/crm': '^1.4.1' });
    expect(checkGraphPacks(recorded, registry(crm('1.4.1')))).toEqual([]);
  });
});
