import type { NodeDefinition } from './defineNode.js';

/** The pack API this SDK speaks. A pack built for another apiVersion is refused. */
export const PACK_API_VERSION = 1;

export interface NodePack {
  /** npm package name, e.g. '@acme/crossroads-crm'. Built-ins are 'crossroads'. */
  name: string;
  version: string;
  apiVersion: number;
  // biome-ignore lint/suspicious/noExplicitAny: a pack holds nodes with different config schemas
  nodes: NodeDefinition<any>[];
}

/**
 * Groups node definitions into a pack.
 *
 * @example
 * ```ts
 * export default definePack({ name: 'acme-crm', version: '1.0.0', nodes: [lookup] });
 * ```
 */
export function definePack(pack: Omit<NodePack, 'apiVersion'> & { apiVersion?: number }): NodePack {
  return { apiVersion: PACK_API_VERSION, ...pack };
}
