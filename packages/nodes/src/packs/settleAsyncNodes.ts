import type { Decision, ExecuteContext } from '../sdk/decision.js';
import type { NodeDefinition } from '../sdk/defineNode.js';
import { BUILTIN_PACK_NAME } from '../sdk/definePack.js';
import type { Registry } from '../sdk/registry.js';

// biome-ignore lint/suspicious/noExplicitAny: definitions of many config types live side by side
type AnyDefinition = NodeDefinition<any, any>;

/** Runs one pack node for real: in-process in tests, in the sandbox in the runtime. */
export type AsyncNodeExecutor = (
  definition: AnyDefinition,
  ctx: ExecuteContext<unknown>,
) => Promise<Decision>;

/** Thrown inside a walk when a pack node's decision is not known yet; the walk is then replayed. */
export class PendingNodeDecision extends Error {
  constructor(readonly type: string) {
    super(`${type} has not decided yet (awaiting its executor)`);
  }
}

export interface SettleOptions {
  /** Which nodes run through `execute`; default: every node that is not a built-in. */
  isAsync?: (definition: AnyDefinition) => boolean;
  /** Most pack calls one settle may make before it gives up (a walk that never settles). */
  maxCalls?: number;
}

/**
 * Lets a synchronous, pure walker (`advance`, `simulateJourney`) use async pack nodes: `walk` runs
 * against a registry whose pack nodes answer from a cache of settled decisions; the first miss
 * throws, its executor is awaited, and the walk is replayed with the answer, until a walk
 * completes without a miss. Sound because the walk is pure: a replay with the same inputs reaches
 * the same node with the same context. A pack node that throws is replayed as throwing.
 *
 * @example
 * ```ts
 * const result = await settleAsyncNodes(registry, (node, ctx) => packHost.execute(node.type, node.version, ctx),
 *   (registry) => advance({ graph, registry, from, contact, event, journey, now, segments }));
 * ```
 */
export async function settleAsyncNodes<T>(
  registry: Registry,
  execute: AsyncNodeExecutor,
  walk: (registry: Registry) => T,
  options: SettleOptions = {},
): Promise<T> {
  const isAsync =
    options.isAsync ?? ((definition) => registry.packOf(definition.type)?.name !== BUILTIN_PACK_NAME);
  const settled = new Map<string, { decision: Decision } | { error: string }>();
  let pending: { key: string; definition: AnyDefinition; ctx: ExecuteContext<unknown> } | undefined;
  const wrapped = new Map<AnyDefinition, AnyDefinition>();
  const wrap = (definition: AnyDefinition | undefined): AnyDefinition | undefined => {
    if (!definition || !isAsync(definition)) return definition;
    let view = wrapped.get(definition);
    if (!view) {
      view = {
        ...definition,
        execute(ctx: ExecuteContext<unknown>): Decision {
          const key = JSON.stringify([definition.type, definition.version, ctx]);
          const done = settled.get(key);
          if (done && 'error' in done) throw new Error(done.error);
          if (done) return done.decision;
          pending ??= { key, definition, ctx };
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
  const maxCalls = options.maxCalls ?? 1_000;
  for (let calls = 0; ; calls++) {
    pending = undefined;
    const result = walk(view);
    if (!pending) return result;
    if (calls >= maxCalls) throw new Error(`walk did not settle after ${maxCalls} pack node calls`);
    const { key, definition, ctx } = pending as {
      key: string;
      definition: AnyDefinition;
      ctx: ExecuteContext<unknown>;
    };
    try {
      settled.set(key, { decision: await execute(definition, ctx) });
    } catch (error) {
      settled.set(key, { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
