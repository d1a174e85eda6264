import { builtins } from '@crossroads/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

describe('node types and graph schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('describes every registry entry with its config JSON Schema and pack', async () => {
    const res = await t.call('GET', '/v1/node-types');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(builtins.nodes.length);
    const wait = res.body.items.find((n: { type: string }) => n.type === 'wait');
    expect(wait).toMatchObject({
      version: 1,
      kind: 'wait',
      pack: { name: 'crossroads', version: builtins.version },
    });
    expect(wait.configSchema.$schema).toMatch(/json-schema/);
    const gate = res.body.items.find((n: { type: string }) => n.type === 'segment-gate');
    expect(gate.outputs).toBeNull();
    expect(gate.outputsForDefaults.map((o: { id: string }) => o.id)).toContain('else');
    const trigger = res.body.items.find((n: { type: string }) => n.type === 'trigger');
    expect(Array.isArray(trigger.outputs)).toBe(true);
  });

  it('serves the graph JSON Schema', async () => {
    const res = await t.call('GET', '/v1/graph-schema');
    expect(res.status).toBe(200);
    expect(res.body.properties.nodes.type).toBe('array');
  });
});
