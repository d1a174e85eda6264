import type { Graph, Problem } from '@crossroads/graph-schema';
import semver from 'semver';
import { BUILTIN_PACK_NAME, type NodePack, PACK_API_VERSION, packNamespace } from '../sdk/definePack.js';
import type { Registry } from '../sdk/registry.js';

/**
 * Problem codes `checkGraphPacks` reports; all are errors that block publishing.
 *
 * @example
 * ```ts
 * PACK_PROBLEM_CODES['pack.missing']; // 'The graph needs a pack … that this runtime has not loaded.'
 * ```
 */
export const PACK_PROBLEM_CODES = {
  'pack.missing':
    'The graph needs a pack (listed in `packs`, or by a node type) that this runtime has not loaded.',
  'pack.version-incompatible': "The loaded pack's version does not satisfy the range recorded in the graph.",
  'pack.api-incompatible': 'The loaded pack was built for another pack API version than this runtime speaks.',
  'pack.range-invalid': 'The version range recorded in `packs` is not a semver range.',
  'pack.unrecorded': 'A node comes from a pack that the graph does not list in `packs`.',
} as const;
export type PackProblemCode = keyof typeof PACK_PROBLEM_CODES;

type GraphPacksInput = Pick<Graph, 'nodes' | 'packs'>;

const problem = (code: PackProblemCode, path: string, message: string, nodeId?: string): Problem => ({
  code,
  severity: 'error',
  path,
  ...(nodeId !== undefined && { nodeId }),
  message,
});

/**
 * Checks that every pack a graph relies on is loaded at a compatible version, for the publish
 * path: packs listed in `graph.packs` (name → semver range) must be loaded, satisfy the range and
 * speak this PACK_API_VERSION, and every pack node's pack must be listed. Pure; built-ins need
 * no entry.
 *
 * @example
 * ```ts
 * const problems = checkGraphPacks(graph, registry);
 * // [{ code: 'pack.version-incompatible', path: 'packs.ab-split',
 * //    message: "Pack 'ab-split' 1.4.0 is loaded, but the graph needs ^2.0.0", ... }]
 * ```
 */
export function checkGraphPacks(graph: GraphPacksInput, registry: Registry): Problem[] {
  const problems: Problem[] = [];
  const recorded = graph.packs ?? {};
  const loaded = new Map<string, NodePack>(registry.packs.map((pack) => [pack.name, pack]));
  for (const [name, range] of Object.entries(recorded)) {
    const path = `packs.${name}`;
    const pack = loaded.get(name);
    if (semver.validRange(range) === null) {
      problems.push(problem('pack.range-invalid', path, `'${range}' is not a semver range (e.g. ^1.2.0)`));
    } else if (!pack) {
      problems.push(
        problem(
          'pack.missing',
          path,
          `Pack '${name}' (${range}) is not installed on this runtime: add it to CROSSROADS_PACKS`,
        ),
      );
    } else if (!semver.satisfies(pack.version, range)) {
      problems.push(
        problem(
          'pack.version-incompatible',
          path,
          `Pack '${name}' ${pack.version} is loaded, but the graph needs ${range}`,
        ),
      );
    }
    if (pack && pack.apiVersion !== PACK_API_VERSION) {
      problems.push(
        problem(
          'pack.api-incompatible',
          path,
          `Pack '${name}' speaks pack API ${pack.apiVersion}; this runtime speaks ${PACK_API_VERSION}`,
        ),
      );
    }
  }
  const namespacesRecorded = new Set(Object.keys(recorded).map(packNamespace));
  for (const [index, node] of graph.nodes.entries()) {
    const path = `nodes[${index}].type`;
    const owner = registry.packOf(node.type);
    if (owner?.name === BUILTIN_PACK_NAME) continue;
    if (!owner) {
      const namespace = node.type.includes('/') ? node.type.split('/')[0]! : undefined;
      // Listed but missing packs are reported once, above.
      if (namespace !== undefined && !namespacesRecorded.has(namespace)) {
        problems.push(
          problem(
            'pack.missing',
            path,
            `Node type '${node.type}' comes from a pack ('${namespace}') that this runtime has not loaded`,
            node.id,
          ),
        );
      }
      continue;
    }
    if (recorded[owner.name] === undefined) {
      problems.push(
        problem(
          'pack.unrecorded',
          path,
          `Node type '${node.type}' comes from pack '${owner.name}', which the graph does not list: add packs: { "${owner.name}": "^${owner.version}" }`,
          node.id,
        ),
      );
    }
  }
  return problems;
}

/**
 * Returns the graph with every pack its nodes use recorded in `packs` (as `^<loaded version>`),
 * keeping ranges already there. The editor calls it when a pack node is dropped on the canvas.
 *
 * @example
 * ```ts
 * recordGraphPacks(graph, registry).packs; // { '@crossroads-examples/ab-split': '^0.1.0' }
 * ```
 */
export function recordGraphPacks<G extends GraphPacksInput>(graph: G, registry: Registry): G {
  const packs: Record<string, string> = { ...graph.packs };
  for (const node of graph.nodes) {
    const owner = registry.packOf(node.type);
    if (owner && owner.name !== BUILTIN_PACK_NAME && packs[owner.name] === undefined) {
      packs[owner.name] = `^${owner.version}`;
    }
  }
  return Object.keys(packs).length > 0 ? { ...graph, packs } : graph;
}
