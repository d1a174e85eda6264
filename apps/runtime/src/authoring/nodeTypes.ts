import type { OutputSpec } from '@crossroads/graph-schema';
import type { Registry } from '@crossroads/nodes';
import { z } from 'zod';

/** What the editor needs to draw, configure and connect a node type. */
export interface NodeTypeDescription {
  type: string;
  version: number;
  title: string;
  description: string;
  category: string;
  icon: string;
  color: string;
  kind: 'trigger' | 'gate' | 'wait' | 'action';
  /** Static outputs, or null when they depend on the config (gate branches). */
  outputs: OutputSpec[] | null;
  /** The outputs a freshly dropped node (config = defaults) has. */
  outputsForDefaults: OutputSpec[];
  defaults: unknown;
  /** JSON Schema (draft 2020-12) of the config as written, for generated forms. */
  configSchema: unknown;
  /** The pack it comes from, with its author (package.json), for the palette. */
  pack: { name: string; version: string; author: string | null };
  /** Hosts the node may send HTTP requests to (its declared capabilities); none for most. */
  hosts: string[];
}

const cache = new WeakMap<Registry, NodeTypeDescription[]>();

/** Every node type of the registry (all versions), described for the editor. Computed once per registry. */
export function describeNodeTypes(registry: Registry): NodeTypeDescription[] {
  const cached = cache.get(registry);
  if (cached) return cached;
  const items = registry.list().map((def): NodeTypeDescription => {
    const pack = registry.packOf(def.type);
    const parsedDefaults = def.configSchema.safeParse(def.defaults);
    let outputsForDefaults: OutputSpec[] = [];
    try {
      outputsForDefaults = def.outputsFor(parsedDefaults.success ? parsedDefaults.data : def.defaults);
    } catch {
      // A pack whose outputs throw on its own defaults: the editor still lists the type.
    }
    return {
      type: def.type,
      version: def.version,
      title: def.title,
      description: def.description,
      category: def.category,
      icon: def.icon,
      color: def.color,
      kind: def.kind,
      outputs: typeof def.outputs === 'function' ? null : def.outputs,
      outputsForDefaults,
      defaults: def.defaults,
      // 'input': forms edit what users write (defaults still optional); unrepresentable parts become {}.
      configSchema: z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' }),
      pack: {
        name: pack?.name ?? 'unknown',
        version: pack?.version ?? '0.0.0',
        author: pack?.author ?? null,
      },
      hosts: [...(def.capabilities?.http?.hosts ?? [])],
    };
  });
  items.sort(
    (a, b) => a.category.localeCompare(b.category) || a.type.localeCompare(b.type) || a.version - b.version,
  );
  cache.set(registry, items);
  return items;
}
