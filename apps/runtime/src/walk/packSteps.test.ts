import {
  builtins,
  compiledJourney,
  createRegistry,
  defineNode,
  definePack,
  type JourneyStep,
  type Registry,
} from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PACK_RETRIES, packRetryDelay, readsEngagement } from './packSteps.js';

const packNode = (name: string, idempotent: boolean) =>
  defineNode({
    type: `test-pack/${name}`,
    version: 1,
    title: name,
    description: name,
    category: 'Test',
    icon: 'box',
    color: '#000000',
    kind: 'action',
    configSchema: z.object({}),
    defaults: {},
    outputs: [{ id: 'next', label: 'Next' }],
    capabilities: {},
    idempotent,
    execute: () => ({ next: 'next' }),
  });

const base = createRegistry([
  builtins,
  definePack({
    name: 'test-pack',
    version: '1.0.0',
    nodes: [packNode('pure', true), packNode('post', false)],
  }),
]);
// What the engine sees of a RuntimeRegistry: pack types run in a sandbox, walks go through settle.
const runtime: Registry = {
  ...base,
  settle: async <T>(walk: () => T) => walk(),
  isSandboxed: (type: string) => type.startsWith('test-pack/'),
} as Registry;

const graph = (types: string[], rule?: unknown) => ({
  schemaVersion: 1 as const,
  id: 'g',
  name: 'g',
  settings: { reentry: 'once' as const },
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      version: 1,
      position: { x: 0, y: 0 },
      config: { on: 'event', event: 'x' },
    },
    ...types.map((type, i) => ({ id: `n${i}`, type, version: 1, position: { x: 0, y: 0 }, config: {} })),
    ...(rule
      ? [
          {
            id: 'gate',
            type: 'segment-gate',
            version: 1,
            position: { x: 0, y: 0 },
            config: { branches: [{ id: 'b', label: 'b', rule }] },
          },
        ]
      : []),
  ],
  edges: types.map((_, i) => ({
    id: `e${i}`,
    source: i === 0 ? 'start' : `n${i - 1}`,
    sourceHandle: 'next',
    target: `n${i}`,
  })),
});
const step = (i: number, type: string, error?: string): JourneyStep => ({
  nodeId: `n${i}`,
  nodeType: type,
  decision: error ? { error } : { next: 'next' },
  reason: null,
  output: error ? null : 'next',
});

describe('packRetryDelay', () => {
  const journey = compiledJourney(graph(['test-pack/post', 'test-pack/pure']) as never, runtime);

  it('retries a walk that failed at an idempotent pack node, with a growing bounded delay', () => {
    const steps = [step(1, 'test-pack/pure', 'time limit')];
    const delay = packRetryDelay(runtime, journey, steps, 0);
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThan(1_500);
    expect(packRetryDelay(runtime, journey, steps, PACK_RETRIES)).toBeUndefined();
  });

  it('records the failure when the node is not idempotent or a non-idempotent pack node already ran', () => {
    expect(packRetryDelay(runtime, journey, [step(0, 'test-pack/post', 'HTTP 500')], 0)).toBeUndefined();
    const afterPost = [step(0, 'test-pack/post'), step(1, 'test-pack/pure', 'time limit')];
    expect(packRetryDelay(runtime, journey, afterPost, 0)).toBeUndefined();
  });

  it('never retries built-in failures or walks on a registry without a sandbox', () => {
    expect(packRetryDelay(runtime, journey, [step(0, 'send', 'bad')], 0)).toBeUndefined();
    const plain = compiledJourney(graph(['test-pack/pure']) as never, base);
    expect(packRetryDelay(base, plain, [step(0, 'test-pack/pure', 'x')], 0)).toBeUndefined();
  });
});

describe('readsEngagement', () => {
  it('is true only for graphs whose rules read engagement.*', () => {
    const reads = graph([], { '>=': [{ var: 'engagement.opens_7d' }, 1] });
    const other = graph([], { '>=': [{ var: 'contact.score' }, 1] });
    expect(readsEngagement(compiledJourney(reads as never, base))).toBe(true);
    expect(readsEngagement(compiledJourney(other as never, base))).toBe(false);
  });
});
