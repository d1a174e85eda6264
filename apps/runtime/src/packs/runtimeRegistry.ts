import {
  asyncNodeView,
  builtins,
  createRegistry,
  type Decision,
  type ExecuteContext,
  type NodeDefinition,
  type NodePack,
  type Registry,
  settleAsyncNodes,
} from '@crossroads/nodes';
import type { LoadedPack, PackLoadError } from './loader.js';
import type { PackHost } from './sandbox/packHost.js';
import { PackExecutionError } from './sandbox/sandboxProcess.js';

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
   * replayed until every pack node it reaches has decided (see `settleAsyncNodes`). Pack nodes
   * reached outside `settle` throw a clear error instead of running in this process.
   */
  settle<T>(walk: () => T): Promise<T>;
  /** Stops the pack sandboxes. */
  close(): Promise<void>;
}

/**
 * A pack node as the runtime holds it: everything declarative (schema, outputs, migrations,
 * palette) from the pack, but `execute` refuses to run in this process: it must go through
 * `RuntimeRegistry.execute`, which uses the sandbox.
 */
// biome-ignore lint/suspicious/noExplicitAny: definitions of many config types live side by side
function hostSide(node: NodeDefinition<any, any>): NodeDefinition<any, any> {
  return {
    ...node,
    execute() {
      throw new PackExecutionError(
        `${node.type}@${node.version} is a pack node: it runs in the pack sandbox (RuntimeRegistry.execute), never in the runtime process`,
      );
    },
  };
}

/**
 * Builds the runtime registry from the loaded packs and their sandbox host.
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
  const packs: NodePack[] = loaded.map(({ pack }) => ({ ...pack, nodes: pack.nodes.map(hostSide) }));
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
