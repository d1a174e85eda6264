import type { ApiNodeType, PackError } from '@crossroads/api';
import type { GraphNode, NodeRegistry, NodeTypeInfo, OutputSpec } from '@crossroads/graph-schema';
import { ON_ERROR } from '@crossroads/nodes/sdk';
import { z } from 'zod';
import { genericSummary } from './summary.js';

/**
 * What the editor knows about a node type: the API's palette metadata plus behaviour (outputs,
 * summary, validation info) from the built-in definition when there is one.
 */
export interface CatalogEntry extends ApiNodeType {
  info: NodeTypeInfo;
  summary(config: Record<string, unknown>): string;
}

/** A definition as @crossroads/nodes exports it (only the parts the editor calls). */
export interface KnownDefinition extends NodeTypeInfo {
  summary?(config: never): string;
}

export interface NodeCatalog {
  entries: CatalogEntry[];
  get(type: string, version: number): CatalogEntry | undefined;
  /** Newest version of a type (what the palette adds). */
  latest(type: string): CatalogEntry | undefined;
  outputsOf(node: GraphNode): OutputSpec[];
  summaryOf(node: GraphNode): string;
  /** For `validateGraph`. */
  registry: NodeRegistry;
  /** The pack a type comes from; undefined for built-ins and types no loaded pack provides. */
  packOf(type: string): { name: string; version: string } | undefined;
  /** Packs the runtime refused to load (bad manifest, incompatible version…). */
  packErrors: readonly PackError[];
}

/** The pack name the runtime gives its built-in node types. */
export const BUILTIN_PACK = 'crossroads';

const FALLBACK_OUTPUTS: OutputSpec[] = [{ id: 'next', label: 'Next' }];

/**
 * Builds the catalog from `GET /v1/node-types`. `definitions` (the built-in registry) supply exact
 * outputs, summaries and zod schemas; types only known through the API get a permissive stand-in
 * built from their JSON Schema.
 *
 * @example
 * const catalog = createCatalog(items, (type, v) => builtinRegistry.get(type, v));
 */
export function createCatalog(
  items: readonly ApiNodeType[],
  definitions: (type: string, version: number) => KnownDefinition | undefined = () => undefined,
  packErrors: readonly PackError[] = [],
): NodeCatalog {
  const entries = items.map((item) => toEntry(item, definitions(item.type, item.version)));
  const byKey = new Map(entries.map((e) => [`${e.type}@${e.version}`, e]));
  const versions = new Map<string, number[]>();
  for (const e of entries)
    versions.set(
      e.type,
      [...(versions.get(e.type) ?? []), e.version].sort((a, b) => a - b),
    );
  const get = (type: string, version: number) => byKey.get(`${type}@${version}`);
  return {
    entries,
    get,
    latest(type) {
      const v = versions.get(type);
      return v?.length ? get(type, v[v.length - 1] as number) : undefined;
    },
    outputsOf(node) {
      const entry = get(node.type, node.version);
      if (!entry) return FALLBACK_OUTPUTS;
      try {
        return entry.info.outputsFor(parseLoosely(entry, node.config));
      } catch {
        return entry.outputs ?? FALLBACK_OUTPUTS;
      }
    },
    summaryOf(node) {
      const entry = get(node.type, node.version);
      if (!entry) return `Unknown type ${node.type} v${node.version}`;
      try {
        return entry.summary(node.config);
      } catch {
        return genericSummary(node.config);
      }
    },
    registry: {
      get: (type, version) => get(type, version)?.info,
      versionsOf: (type) => versions.get(type) ?? [],
    },
    packOf(type) {
      const versionList = versions.get(type);
      const pack = versionList?.length
        ? get(type, versionList[versionList.length - 1] as number)?.pack
        : undefined;
      return pack && pack.name !== BUILTIN_PACK ? pack : undefined;
    },
    packErrors,
  };
}

/** Defaults filled in where the config parses; the raw config otherwise (it is being edited). */
function parseLoosely(entry: CatalogEntry, config: Record<string, unknown>): unknown {
  const parsed = entry.info.configSchema.safeParse(config);
  return parsed.success ? parsed.data : config;
}

function toEntry(item: ApiNodeType, def: KnownDefinition | undefined): CatalogEntry {
  if (def) {
    const summarise = def.summary as ((config: unknown) => string) | undefined;
    return {
      ...item,
      info: def,
      summary(config) {
        const parsed = def.configSchema.safeParse(config);
        if (!parsed.success || !summarise) return genericSummary(config);
        return summarise(parsed.data);
      },
    };
  }
  const outputs =
    item.outputs ?? (item.outputsForDefaults?.length ? item.outputsForDefaults : FALLBACK_OUTPUTS);
  // The runtime adds "On error" to every pack node's outputs; branches follow the config.
  const onError = outputs.filter((output) => output.id === ON_ERROR);
  return {
    ...item,
    info: {
      type: item.type,
      version: item.version,
      kind: item.kind,
      configSchema: schemaFor(item),
      outputsFor: item.outputs
        ? () => outputs
        : (config) => {
            const branches = branchOutputs(config);
            return branches ? [...branches, ...onError] : outputs;
          },
    },
    summary: genericSummary,
  };
}

/**
 * Config-dependent outputs of a type known only through the API (the editor cannot run a pack's
 * `outputs` function): the `branches: [{ id, label }]` convention the built-in gates and the
 * example split follow; otherwise the outputs the runtime computed for the defaults.
 */
function branchOutputs(config: unknown): OutputSpec[] | undefined {
  const branches = (config as { branches?: unknown } | null)?.branches;
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const outputs: OutputSpec[] = [];
  for (const b of branches as Array<{ id?: unknown; label?: unknown }>) {
    if (typeof b?.id !== 'string' || !b.id) return undefined;
    outputs.push({ id: b.id, label: typeof b.label === 'string' && b.label ? b.label : b.id });
  }
  return outputs;
}

/** zod from the API's JSON Schema, or "any object" when the schema uses what zod cannot read. */
function schemaFor(item: ApiNodeType): z.ZodType {
  try {
    return z.fromJSONSchema(item.configSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return z.record(z.string(), z.unknown());
  }
}
