import type { NodeDefinition } from './defineNode.js';

/** The pack API this SDK speaks. A pack built for another apiVersion is refused. */
export const PACK_API_VERSION = 1;

/**
 * The built-in pack's name: its node types carry no namespace.
 *
 * @example
 * ```ts
 * registry.packOf('wait')?.name === BUILTIN_PACK_NAME; // true
 * ```
 */
export const BUILTIN_PACK_NAME = 'crossroads';

export interface NodePack {
  /** npm package name, e.g. '@acme/crossroads-crm'. Built-ins are 'crossroads'. */
  name: string;
  version: string;
  apiVersion: number;
  /** Who wrote it (package.json `author`), shown in the editor; set by the runtime's loader. */
  author?: string | null;
  /** Node definitions; a pack node's `execute` may be async (it runs in the sandbox). */
  // biome-ignore lint/suspicious/noExplicitAny: a pack holds nodes with different config schemas and executors
  nodes: NodeDefinition<any, any>[];
}

/**
 * The namespace of a pack's node types: its npm name without the scope
 * (`@acme/crm` → `crm`, so types are `crm/lookup`).
 *
 * @example
 * ```ts
 * packNamespace('@crossroads-examples/ab-split'); // 'ab-split'
 * ```
 */
export function packNamespace(packName: string): string {
  return packName.replace(/^@[^/]+\//, '');
}

const TYPE_SUFFIX = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Why a pack's node types break the namespacing rule (`<namespace>/<type>`, lowercase letters,
 * digits and dashes), one message per node; empty when they are fine. Built-ins are exempt.
 *
 * @example
 * ```ts
 * namespaceProblems({ name: 'ab-split', version: '1.0.0', apiVersion: 1, nodes: [split] }); // []
 * ```
 */
export function namespaceProblems(pack: Pick<NodePack, 'name' | 'nodes'>): string[] {
  if (pack.name === BUILTIN_PACK_NAME) return [];
  const prefix = `${packNamespace(pack.name)}/`;
  return pack.nodes.flatMap((node, index) => {
    const type = String(node?.type);
    if (type.startsWith(prefix) && TYPE_SUFFIX.test(type.slice(prefix.length))) return [];
    return [
      `nodes[${index}].type '${type}' must be '${prefix}<name>' (lowercase letters, digits, dashes) for pack ${pack.name}`,
    ];
  });
}

/**
 * Groups node definitions into a pack. Throws when a node type is not namespaced by the pack's
 * name (`ab-split/split` in pack `@acme/ab-split`), so the mistake shows up at build time.
 *
 * @example
 * ```ts
 * export default definePack({ name: '@acme/crm', version: '1.0.0', nodes: [lookup] }); // lookup.type: 'crm/lookup'
 * ```
 */
export function definePack(pack: Omit<NodePack, 'apiVersion'> & { apiVersion?: number }): NodePack {
  const problems = namespaceProblems(pack);
  if (problems.length > 0) throw new Error(`Invalid pack ${pack.name}:\n  ${problems.join('\n  ')}`);
  return { apiVersion: PACK_API_VERSION, ...pack };
}
