import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestRegistry, testNodeTypes, testRegistry } from '../../test/helpers/registry.js';
import { Graph } from '../graph.js';
import type { NodeTypeInfo } from '../registry.js';
import { migrateGraph } from './migrateGraph.js';
import { migrateNodeConfigs } from './migrateNodeConfigs.js';

const v0 = JSON.parse(
  readFileSync(new URL('../../test/fixtures/migrations/v0-welcome.json', import.meta.url), 'utf8'),
) as unknown;
const migratedWelcome = () => {
  const result = migrateGraph(v0);
  if (!result.ok) throw new Error(result.problem.message);
  return Graph.parse(result.graph);
};

const next = () => [{ id: 'next', label: 'Next' }];
const waitV3: NodeTypeInfo = {
  type: 'wait',
  version: 3,
  kind: 'wait',
  configSchema: z.object({ duration: z.string(), businessDays: z.boolean() }),
  outputsFor: next,
  migrations: [{ from: 2, name: 'add-business-days', up: (config) => ({ ...config, businessDays: false }) }],
};

describe('migrateNodeConfigs', () => {
  it('upgrades old node configs along the registry chain, leaving the input alone', () => {
    const graph = migratedWelcome();
    const result = migrateNodeConfigs(graph, testRegistry);
    expect(result.applied).toEqual(['cool-off: wait v1 → v2 (days-to-duration)']);
    expect(result.graph.nodes[1]).toMatchObject({ id: 'cool-off', version: 2, config: { duration: 'P2D' } });
    expect(graph.nodes[1]).toMatchObject({ version: 1, config: { days: 2 } });
    expect(result.graph.nodes[0]).toBe(graph.nodes[0]);
    expect(result.problems).toEqual([]);
  });

  it('chains several migrations: v1 → v2 → v3', () => {
    const registry = createTestRegistry([...testNodeTypes, waitV3]);
    const result = migrateNodeConfigs(migratedWelcome(), registry);
    expect(result.applied).toEqual(['cool-off: wait v1 → v3 (days-to-duration, add-business-days)']);
    expect(result.graph.nodes[1]?.config).toEqual({ duration: 'P2D', businessDays: false });
  });

  it('returns the same graph when nothing is older', () => {
    const current = migrateNodeConfigs(migratedWelcome(), testRegistry).graph;
    const again = migrateNodeConfigs(current, testRegistry);
    expect(again.graph).toBe(current);
    expect(again.applied).toEqual([]);
  });

  it('keeps the node and warns when a migration throws or yields an invalid config', () => {
    const throwing = testNodeTypes.map((info) =>
      info.type === 'wait' && info.version === 2
        ? {
            ...info,
            migrations: [
              {
                from: 1,
                name: 'broken',
                up: () => {
                  throw new Error('bad days');
                },
              },
            ],
          }
        : info,
    );
    const thrown = migrateNodeConfigs(migratedWelcome(), createTestRegistry(throwing));
    expect(thrown.applied).toEqual([]);
    expect(thrown.problems).toEqual([
      expect.objectContaining({ code: 'node.migration-failed', nodeId: 'cool-off', path: 'nodes[1].config' }),
    ]);
    const invalid = testNodeTypes.map((info) =>
      info.type === 'wait' && info.version === 2
        ? { ...info, migrations: [{ from: 1, name: 'lossy', up: () => ({}) }] }
        : info,
    );
    const rejected = migrateNodeConfigs(migratedWelcome(), createTestRegistry(invalid));
    expect(rejected.graph.nodes[1]?.version).toBe(1);
    expect(rejected.problems[0]?.message).toContain('produced a config v2 rejects');
  });
});
