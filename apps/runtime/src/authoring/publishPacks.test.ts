import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/testApp.js';

const examples = fileURLToPath(new URL('../../../../examples/packs/', import.meta.url));

const graph = (packs?: Record<string, string>) => ({
  schemaVersion: 1,
  id: 'split-welcome',
  name: 'Split welcome',
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      version: 1,
      position: { x: 0, y: 0 },
      config: { on: 'event', event: 'signup' },
    },
    {
      id: 'split',
      type: 'ab-split/split',
      version: 1,
      position: { x: 0, y: 100 },
      config: {
        salt: 'welcome',
        branches: [
          { id: 'a', label: 'A', weight: 1 },
          { id: 'b', label: 'B', weight: 1 },
        ],
      },
    },
    ...['a', 'b'].map((branch, i) => ({
      id: `wait-${branch}`,
      type: 'wait',
      version: 1,
      position: { x: i * 200, y: 200 },
      config: { mode: 'duration', duration: 'P1D' },
    })),
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'split' },
    { id: 'e2', source: 'split', sourceHandle: 'a', target: 'wait-a' },
    { id: 'e3', source: 'split', sourceHandle: 'b', target: 'wait-b' },
  ],
  settings: { reentry: 'once', timezone: 'UTC' },
  ...(packs ? { packs } : {}),
});

describe('publishing graphs that use node packs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { CROSSROADS_PACKS: `${examples}ab-split` } });
  });
  afterAll(async () => {
    await t.deps.registry.close();
    await t.close();
  });

  it('records the loaded pack version in the published graph when the draft left it out', async () => {
    const created = await t.call('POST', '/v1/workflows', { name: 'Split', graph: graph() });
    expect(created.status).toBe(201);
    const published = await t.call('POST', `/v1/workflows/${created.body.id}/versions`, { message: 'v1' });
    expect(published.body.problems ?? []).toEqual([]);
    expect(published.status).toBe(201);
    const version = await t.call('GET', `/v1/workflows/${created.body.id}/versions/1`);
    expect(version.body.graph.packs).toEqual({ '@crossroads-examples/ab-split': '^0.1.0' });
  });

  it('refuses a graph that needs a pack version the runtime does not have', async () => {
    const created = await t.call('POST', '/v1/workflows', {
      name: 'Split (future pack)',
      graph: graph({ '@crossroads-examples/ab-split': '^2.0.0' }),
    });
    const refused = await t.call('POST', `/v1/workflows/${created.body.id}/versions`, { message: 'v1' });
    expect(refused.status).toBe(422);
    const codes = refused.body.problems.map((p: { code: string }) => p.code);
    expect(codes).toContain('pack.version-incompatible');
  });

  it('lists node types from the pack and no pack errors', async () => {
    const types = await t.call('GET', '/v1/node-types');
    expect(types.body.items.map((i: { type: string }) => i.type)).toContain('ab-split/split');
    expect(types.body.packErrors).toEqual([]);
  });
});
