import {
  asyncNodeView,
  builtins,
  createRegistry,
  type Decision,
  type ExecuteContext,
  type NodePack,
  packAuthor,
  type Registry,
  settleAsyncNodes,
} from '@crossroads/nodes';
import type { LoadedPack, PackLoadError } from './loader.js';
import { PackExecutionError } from './sandbox/lane.js';
import type { PackHost } from './sandbox/packHost.js';
import { sandboxedDefinition } from './sandboxedDefinition.js';

/** The runtime's registry: built-ins and loaded packs, with pack nodes executed in the sandbox. */
export interface RuntimeRegistry extends Registry {
  /** Packs CROSSROADS_PACKS named that were refused, with reasons (for GET /v1/node-types). */
  packErrors: readonly PackLoadError[];
  /** Runs any node: built-ins in this process, pack nodes in their sandbox. */
  execute(type: string, version: number, ctx: ExecuteContext<unknown>): Promise<Decision>;
  /** Whether a type's executor runs in the sandbox (and so must be awaited through `execute`). */
  isSandboxed(type: string): boolean;
  /**
   * Runs a synchronous walk (`advance`) in which pack nodes run in the sandbox: the walk is
   * replayed until every pack node it reaches has decided and every config fact it needs is known
   * (see `settleAsyncNodes`). Pack nodes reached outside `settle` throw a clear error instead of
   * running in this process.
   */
  settle<T>(walk: () => T): Promise<T>;
  /** The pack sandboxes, when any pack is loaded (incidents, facts). */
  host: PackHost | undefined;
  /** Stops the pack sandboxes. */
  close(): Promise<void>;
}

/**
 * Builds the runtime registry from the loaded packs and their sandbox host. Pack nodes are
 * definitions made of data (`sandboxedDefinition`): no pack code is in this process.
 *
 * @example
 * ```ts
 * const registry = createRuntimeRegistry(loaded.packs, loaded.errors, createPackHost({ packs: loaded.packs, logger }));
 * await registry.execute('ab-split/split', 1, ctx);
 * ```
 */
export function createRuntimeRegistry(
  loaded: readonly LoadedPack[],
  packErrors: readonly PackLoadError[],
  host: PackHost | undefined,
): RuntimeRegistry {
  if (loaded.length > 0 && !host) throw new Error('packs are loaded but no pack host runs them');
  const packs: NodePack[] = loaded.map(({ description, manifest }) => ({
    name: description.name,
    version: description.version,
    author: packAuthor(manifest),
    apiVersion: description.apiVersion,
    nodes: description.nodes.map((node) => sandboxedDefinition(node, host!.facts)),
  }));
  const registry = createRegistry([builtins, ...packs]);
  const sandboxed = new Set(packs.flatMap((pack) => pack.nodes.map((node) => node.type)));
  const execute = async (type: string, version: number, ctx: ExecuteContext<unknown>): Promise<Decision> => {
    if (sandboxed.has(type)) {
      if (!host) throw new PackExecutionError(`No pack sandbox is running for ${type}`);
      return host.execute(type, version, ctx);
    }
    const definition = registry.get(type, version);
    if (!definition) throw new Error(`Unknown node type ${type}@${version}`);
    return definition.execute(ctx);
  };
  return {
    // The view's pack definitions are stable, so compiled journeys cached with this registry stay valid.
    ...asyncNodeView(registry),
    packErrors,
    host,
    isSandboxed: (type) => sandboxed.has(type),
    execute,
    settle: (walk) =>
      settleAsyncNodes(
        registry,
        (definition, ctx) => execute(definition.type, definition.version, ctx),
        walk,
      ),
    close: async () => host?.close(),
  };
}
