import { z } from 'zod';
import type { NodeRegistry, NodeTypeInfo } from '../../src/registry.js';

const next = [{ id: 'next', label: 'Next' }];

/** A registry over plain NodeTypeInfo objects, as graph-schema sees any registry. */
export function createTestRegistry(types: readonly NodeTypeInfo[]): NodeRegistry {
  return {
    get: (type, version) => types.find((info) => info.type === type && info.version === version),
    versionsOf: (type) =>
      types
        .filter((info) => info.type === type)
        .map((info) => info.version)
        .sort((a, b) => a - b),
  };
}

const Branch = z.object({ id: z.string().min(1), label: z.string(), rule: z.unknown() });
type GateConfig = { branches: Array<z.infer<typeof Branch>> };

/** Small stand-ins for the built-in nodes: a trigger, waits, a gate and a send. */
export const testNodeTypes: NodeTypeInfo[] = [
  {
    type: 'event-trigger',
    version: 1,
    kind: 'trigger',
    configSchema: z.object({ event: z.string().min(1) }),
    outputsFor: () => [{ id: 'next', label: 'Next', required: true }],
  },
  {
    type: 'wait',
    version: 1,
    kind: 'wait',
    configSchema: z.object({ days: z.number().int().positive() }),
    outputsFor: () => next,
  },
  {
    type: 'wait',
    version: 2,
    kind: 'wait',
    configSchema: z.object({ duration: z.string().regex(/^P/, 'an ISO-8601 duration such as P2D') }),
    outputsFor: () => next,
    migrations: [{ from: 1, name: 'days-to-duration', up: (config) => ({ duration: `P${config.days}D` }) }],
  },
  {
    type: 'wait-for-event',
    version: 1,
    kind: 'wait',
    configSchema: z.object({ event: z.string().min(1), timeout: z.string() }),
    outputsFor: () => [
      { id: 'onEvent', label: 'Event arrived', required: true },
      { id: 'onTimeout', label: 'Timed out', required: true },
    ],
  },
  {
    type: 'gate',
    version: 1,
    kind: 'gate',
    configSchema: z.object({ branches: z.array(Branch).min(1) }),
    outputsFor: (config) => [
      ...(config as GateConfig).branches.map((branch) => ({ id: branch.id, label: branch.label })),
      { id: 'else', label: 'Else' },
    ],
    logicFields: (config) =>
      (config as GateConfig).branches.map((branch, i) => ({
        path: ['branches', i, 'rule'],
        rule: branch.rule,
      })),
  },
  {
    type: 'send',
    version: 1,
    kind: 'action',
    configSchema: z.object({ template: z.string().min(1), subject: z.string().min(1) }),
    outputsFor: () => next,
  },
];

export const testRegistry = createTestRegistry(testNodeTypes);
