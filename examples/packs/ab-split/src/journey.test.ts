import { simulateWithPack } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import pack from './index.js';

const graph: Parameters<typeof simulateWithPack>[0] = {
  schemaVersion: 1,
  id: 'pricing-test',
  name: 'Pricing page test',
  nodes: [
    {
      id: 'trigger',
      type: 'trigger',
      version: 1,
      position: { x: 0, y: 0 },
      config: { on: 'event', event: 'signup' },
    },
    {
      id: 'split',
      type: 'ab-split/split',
      version: 1,
      position: { x: 0, y: 120 },
      config: {
        salt: 'pricing',
        branches: [
          { id: 'control', label: 'Control', weight: 1 },
          { id: 'discount', label: 'Discount', weight: 1 },
        ],
      },
    },
  ],
  edges: [{ id: 'e1', source: 'trigger', sourceHandle: 'next', target: 'split' }],
  settings: { reentry: 'once', timezone: 'UTC' },
  packs: { '@crossroads-examples/ab-split': '^0.1.0' },
};

describe('ab-split in a journey (simulator)', () => {
  it('walks contacts through the split, each down its own stable branch', async () => {
    const outputs = new Set<string | null>();
    for (const id of ['c-1', 'c-2', 'c-3', 'c-4', 'c-5', 'c-6', 'c-7', 'c-8']) {
      const input = {
        contact: { id },
        events: [{ after: 0, type: 'signup' }],
        start: '2026-03-02T10:00:00Z',
      };
      const result = await simulateWithPack(graph, [pack], input);
      expect(result.error ?? result.outcome).toBe('completed');
      const split = result.path.find((step) => step.nodeId === 'split');
      expect(['control', 'discount']).toContain(split?.output);
      outputs.add(split?.output ?? null);
      expect((await simulateWithPack(graph, [pack], input)).path).toEqual(result.path);
    }
    expect(outputs.size).toBe(2);
  });
});
