import type { Decision, ExecuteContext } from '../sdk/decision.js';
import type { NodeDefinition } from '../sdk/defineNode.js';
import { BUILTIN_PACK_NAME } from '../sdk/definePack.js';
import type { Registry } from '../sdk/registry.js';

// biome-ignore lint/suspicious/noExplicitAny: definitions of many config types live side by side
type AnyDefinition = NodeDefinition<any, any>;

/**
 * Runs one pack node for real: in-process in tests, in the sandbox in the runtime.
 *
 * @example
 * ```ts
 * const inProcess: AsyncNodeExecutor = async (node, ctx) => node.execute(ctx);
 * ```
 */
export type AsyncNodeExecutor = (
  definition: AnyDefinition,
  ctx: ExecuteContext<unknown>,
) => Promise<Decision>;

/**
 * Thrown inside a walk when a pack node's decision is not known yet; the walk is then replayed.
 *
 * @example
 * ```ts
 * if (error instanceof PendingNodeDecision) console.log(`waiting for ${error.type}`);
 * ```
 */
export class PendingNodeDecision extends Error {
  constructor(
    readonly type: string,
    message = `${type} has not decided yet (awaiting its executor)`,
  ) {
    super(message);
  }
}

interface Settling {
  settled: Map<string, { decision: Decision } | { error: string }>;
  pending: { key: string; definition: AnyDefinition; ctx: ExecuteContext<unknown> } | undefined;
}

/** The settle whose walk is running now. Walks are synchronous, so one at a time. */
let current: Settling | undefined;

const views = new WeakMap<Registry, Registry>();

/**
 * The registry as a synchronous walker sees it inside `settleAsyncNodes`: pack nodes answer
 * from the settle's decisions. The view and its definitions are stable (one per registry), so
 * compiled-journey caches built with it stay valid across settles. Outside a settle, a pack node
 * throws, naming the type.
 *
 * @example
 * ```ts
 * const view = asyncNodeView(registry);
 * await settleAsyncNodes(registry, execute, () => advance({ graph, registry: view, cacheKey, ... }));
 * ```
 */
export function asyncNodeView(registry: Registry): Registry {
  const existing = views.get(registry);
  if (existing) return existing;
  const wrapped = new Map<AnyDefinition, AnyDefinition>();
  const wrap = (definition: AnyDefinition | undefined): AnyDefinition | undefined => {
    if (!definition || registry.packOf(definition.type)?.name === BUILTIN_PACK_NAME) return definition;
    let view = wrapped.get(definition);
    if (!view) {
      view = {
        ...definition,
        execute(ctx: ExecuteContext<unknown>): Decision {
          if (!current) {
            throw new PendingNodeDecision(
              definition.type,
              `${definition.type} is a pack node: run the walk inside settleAsyncNodes (RuntimeRegistry.settle)`,
            );
          }
          const key = JSON.stringify([definition.type, definition.version, ctx]);
          const done = current.settled.get(key);
          if (done && 'error' in done) throw new Error(done.error);
          if (done) return done.decision;
          current.pending ??= { key, definition, ctx };
          throw new PendingNodeDecision(definition.type);
        },
      };
      wrapped.set(definition, view);
    }
    return view;
  };
  const view: Registry = {
    ...registry,
    get: (type, version) => wrap(registry.get(type, version)),
    latest: (type) => wrap(registry.latest(type)),
    list: () => registry.list().map((definition) => wrap(definition)!),
  };
  views.set(registry, view);
  return view;
}

/**
 * Lets a synchronous, pure walker (`advance`, `simulateJourney`) use async pack nodes: `walk` runs
 * against `asyncNodeView(registry)`, whose pack nodes answer from this settle's decisions; the
 * first unknown decision is awaited from `execute`, and the walk is replayed with it, until a walk
 * completes without asking. Sound because the walk is pure: a replay with the same inputs reaches
 * the same node with the same context. A pack node that throws is replayed as throwing (the walker
 * then records the failure as it does for built-ins).
 *
 * @example
 * ```ts
 * const result = await settleAsyncNodes(registry, (node, ctx) => packHost.execute(node.type, node.version, ctx),
 *   (view) => advance({ graph, registry: view, from, contact, event, journey, now, segments }));
 * ```
 */
export async function settleAsyncNodes<T>(
  registry: Registry,
  execute: AsyncNodeExecutor,
  walk: (view: Registry) => T,
  options: { maxCalls?: number } = {},
): Promise<T> {
  const view = asyncNodeView(registry);
  const state: Settling = { settled: new Map(), pending: undefined };
  const maxCalls = options.maxCalls ?? 1_000;
  for (let calls = 0; ; calls++) {
    state.pending = undefined;
    const outer = current;
    current = state;
    let result: T;
    try {
      result = walk(view);
    } finally {
      current = outer;
    }
    const pending = state.pending as Settling['pending'];
    if (!pending) return result;
    if (calls >= maxCalls) throw new Error(`walk did not settle after ${maxCalls} pack node calls`);
    try {
      state.settled.set(pending.key, { decision: await execute(pending.definition, pending.ctx) });
    } catch (error) {
      state.settled.set(pending.key, { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
