import type { ApiNodeType, JsonSchema } from '@crossroads/api';
import { builtinRegistry, builtins } from '@crossroads/nodes';
import { z } from 'zod';
import type { ApiClient } from '../api/client.js';
import { createCatalog, type NodeCatalog } from './catalog.js';

/** The built-ins described the way `GET /v1/node-types` describes them. */
export function builtinItems(): ApiNodeType[] {
  return builtins.nodes.map((def) => ({
    type: def.type,
    version: def.version,
    title: def.title,
    description: def.description,
    category: def.category,
    icon: def.icon,
    color: def.color,
    kind: def.kind,
    outputs: typeof def.outputs === 'function' ? null : def.outputs,
    defaults: def.defaults as Record<string, unknown>,
    configSchema: z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema,
    pack: { name: builtins.name, version: builtins.version, author: null },
    hosts: [],
  }));
}

/**
 * Node types from the runtime (built-ins plus installed packs); built-in behaviour (outputs,
 * summaries, exact validation) comes from @crossroads/nodes. Falls back to the built-ins alone
 * when the route is unavailable, so a canvas still opens.
 */
export async function loadCatalog(api: ApiClient): Promise<{ catalog: NodeCatalog; fromServer: boolean }> {
  const lookup = (type: string, version: number) => builtinRegistry.get(type, version);
  try {
    const { items, packErrors } = await api.nodeTypes();
    return { catalog: createCatalog(items, lookup, packErrors), fromServer: true };
  } catch {
    return { catalog: createCatalog(builtinItems(), lookup), fromServer: false };
  }
}
