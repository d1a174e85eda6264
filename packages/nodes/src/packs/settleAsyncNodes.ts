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
  /** Whether pack nodes may run (a settle) or only pack facts are resolved (`withPackFacts`). */
  decisions: boolean;
  settled: Map<string, { decision: Decision } | { error: string }>;
  /** Async work the current pass asked for, keyed: awaited before the walk is replayed. */
  work: Map<string, () => Promise<void>>;
  /** A pack node decision is being awaited in this pass (one at a time: walks are sequential). */
  deciding: boolean;
  executor?: AsyncNodeExecutor;
}

/** The settle whose walk is running now. Walks are synchronous, so one at a time. */
let current: Settling | undefined;

/**
 * Inside a running settle (`settleAsyncNodes` or `withPackFacts`), registers async work that the
 * settle awaits before replaying the walk, and returns true; outside one, returns false. This is
 * how synchronous code (graph validation, compilation) gets answers that only the pack sandbox
 * can compute: it registers the question, answers "not known yet" for now, and the replay finds
 * the answer in the caller's cache.
 *
 * @example
 * ```ts
 * const known = cache.get(key);
 * if (!known && !awaitBeforeReplay(key, () => cache.fill(key))) void cache.fill(key);
 * ```
 */
export function awaitBeforeReplay(key: string, work: () => Promise<void>): boolean {
  if (!current) return false;
  if (!current.work.has(key)) current.work.set(key, work);
  return true;
}

/**
 * Whether synchronous code runs inside a settle (`settleAsyncNodes` or `withPackFacts`) that will
 * replay it once the answers it registered are in: an answer it lacks may then be a placeholder.
 *
 * @example
 * ```ts
 * if (!known) return insidePackSettle() ? false : fail('not checked yet');
 * ```
 */
export const insidePackSettle = (): boolean => current !== undefined;

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
          const settling = current;
          if (!settling?.decisions) {
            throw new PendingNodeDecision(
              definition.type,
              `${definition.type} is a pack node: run the walk inside settleAsyncNodes (RuntimeRegistry.settle)`,
            );
          }
          const key = JSON.stringify([definition.type, definition.version, ctx]);
          const done = settling.settled.get(key);
          if (done && 'error' in done) throw new Error(done.error);
          if (done) return done.decision;
          if (!settling.deciding && settling.executor) {
            settling.deciding = true;
            const executor = settling.executor;
            settling.work.set(key, async () => {
              try {
                settling.settled.set(key, { decision: await executor(definition, ctx) });
              } catch (error) {
                settling.settled.set(key, { error: error instanceof Error ? error.message : String(error) });
              }
            });
          }
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
  return settle({ decisions: true, executor: execute }, () => walk(view), options.maxCalls ?? 1_000);
}

/**
 * Runs a synchronous function (graph validation, compilation, simulation) until every answer it
 * needs from a pack sandbox is known: pack node definitions in the runtime register what they
 * cannot answer yet (`awaitBeforeReplay`), and the function is replayed once the answers are in.
 * Pack nodes do not run here (their `execute` throws as outside a settle). Without pack nodes, it
 * is one plain call.
 *
 * @example
 * ```ts
 * const { graph, problems } = await withPackFacts(() => loadGraph(input, registry));
 * ```
 */
export function withPackFacts<T>(walk: () => T, options: { maxRounds?: number } = {}): Promise<T> {
  return settle({ decisions: false }, walk, options.maxRounds ?? 20);
}

async function settle<T>(
  mode: Pick<Settling, 'decisions' | 'executor'>,
  walk: () => T,
  maxRounds: number,
): Promise<T> {
  const state: Settling = { ...mode, settled: new Map(), work: new Map(), deciding: false };
  for (let rounds = 0; ; rounds++) {
    state.work = new Map();
    state.deciding = false;
    const outer = current;
    current = state;
    let outcome: { result: T } | { error: unknown };
    try {
      outcome = { result: walk() };
    } catch (error) {
      // A walk may fail only because an answer was not known yet (compilation throws on a
      // config it could not check): replay it once the answers are in.
      outcome = { error };
    } finally {
      current = outer;
    }
    if (state.work.size === 0) {
      if ('error' in outcome) throw outcome.error;
      return outcome.result;
    }
    if (rounds >= maxRounds) {
      throw new Error(`walk did not settle after ${maxRounds} rounds of pack sandbox calls`);
    }
    // Work records its own outcome (a decision or error, a cached fact); a stray rejection is not ours to throw.
    await Promise.all([...state.work.values()].map((work) => work().catch(() => undefined)));
  }
}
