import { migrateNodeConfigs } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtins } from '../builtins/index.js';
import { defineNode } from '../sdk/defineNode.js';
import { definePack } from '../sdk/definePack.js';
import { createRegistry } from '../sdk/registry.js';
import { validatePack } from './validatePack.js';

const common = {
  type: 'crm/lookup',
  title: 'Lookup',
  description: 'Looks a contact up',
  category: 'CRM',
  icon: 'search',
  color: '#0ea5e9',
  kind: 'action' as const,
  outputs: [{ id: 'next', label: 'Next' }],
  capabilities: { http: { hosts: ['api.acme-crm.com'] } },
  idempotent: true,
  execute: () => ({ next: 'next' }),
};
const v1 = defineNode({
  ...common,
  version: 1,
  configSchema: z.object({ account: z.string() }),
  defaults: { account: '' },
});
const v2 = defineNode({
  ...common,
  version: 2,
  configSchema: z.object({ accountId: z.string() }),
  defaults: { accountId: '' },
  migrations: [
    {
      from: 1,
      name: 'account-to-account-id',
      up: ({ account, ...rest }) => ({ ...rest, accountId: account }),
    },
  ],
});

describe('pack node config migrations', () => {
  it('upgrade configs of older node versions exactly as built-ins do', () => {
    const pack = definePack({ name: '@acme/crm', version: '2.0.0', nodes: [v1, v2] });
    expect(validatePack(pack).ok).toBe(true);
    const graph = {
      schemaVersion: 1 as const,
      id: 'g',
      name: 'G',
      nodes: [
        { id: 'look', type: 'crm/lookup', version: 1, position: { x: 0, y: 0 }, config: { account: 'a-1' } },
      ],
      edges: [],
      settings: { reentry: 'once' as const, timezone: 'UTC' },
    };
    const result = migrateNodeConfigs(graph, createRegistry([builtins, pack]));
    expect(result.problems).toEqual([]);
    expect(result.graph.nodes[0]).toMatchObject({ version: 2, config: { accountId: 'a-1' } });
    expect(result.applied).toEqual(['look: crm/lookup v1 → v2 (account-to-account-id)']);
  });
});
