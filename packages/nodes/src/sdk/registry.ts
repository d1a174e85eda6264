import type { NodeRegistry } from '@crossroads/graph-schema';
import type { NodeDefinition } from './defineNode.js';
import type { NodePack } from './definePack.js';

export interface Registry extends NodeRegistry {
  // biome-ignore lint/suspicious/noExplicitAny: definitions of many config types live side by side
  get(type: string, version: number): NodeDefinition<any> | undefined;
  /** Newest version of a type, for the palette. */
  // biome-ignore lint/suspicious/noExplicitAny: see above
  latest(type: string): NodeDefinition<any> | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  list(): NodeDefinition<any>[];
  packs: readonly NodePack[];
  /** Which pack a type comes from. */
  packOf(type: string): NodePack | undefined;
}

/**
 * Builds the registry that graph-schema validates against and the runtime executes with.
 * Throws when two packs define the same type and version.
 *
 * @example
 * ```ts
 * const registry = createRegistry([builtins, abSplitPack]);
 * validateGraph(graph, registry);
 * ```
 */
export function createRegistry(packs: readonly NodePack[]): Registry {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const byType = new Map<string, Map<number, NodeDefinition<any>>>();
  const packByType = new Map<string, NodePack>();
  for (const pack of packs) {
    for (const node of pack.nodes) {
      const versions = byType.get(node.type) ?? new Map();
      if (versions.has(node.version)) {
        throw new Error(`Node type ${node.type}@${node.version} is defined twice (pack ${pack.name})`);
      }
      const owner = packByType.get(node.type);
      if (owner && owner.name !== pack.name) {
        throw new Error(`Node type ${node.type} is defined by both ${owner.name} and ${pack.name}`);
      }
      versions.set(node.version, node);
      byType.set(node.type, versions);
      packByType.set(node.type, pack);
    }
  }
  return {
    packs,
    get: (type, version) => byType.get(type)?.get(version),
    versionsOf: (type) => [...(byType.get(type)?.keys() ?? [])].sort((a, b) => a - b),
    latest(type) {
      const versions = byType.get(type);
      if (!versions) return undefined;
      return versions.get(Math.max(...versions.keys()));
    },
    list: () => [...byType.values()].flatMap((versions) => [...versions.values()]),
    packOf: (type) => packByType.get(type),
  };
}
