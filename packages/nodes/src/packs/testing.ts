import type { Graph } from '@crossroads/graph-schema';
import { z } from 'zod';
import { builtins } from '../builtins/index.js';
import {
  compileJourney,
  type SimulateInput,
  type SimulationResult,
  simulateJourney,
} from '../journey/index.js';
import type { Decision, ExecuteContext } from '../sdk/decision.js';
import type { NodeDefinition } from '../sdk/defineNode.js';
import type { NodePack } from '../sdk/definePack.js';
import { createRegistry } from '../sdk/registry.js';
import { testContext } from '../testing/context.js';
import { checkDecision } from './decisionSchema.js';
import { settleAsyncNodes } from './settleAsyncNodes.js';
import { checkDecisionSize, checkOutputsSize } from './sizeLimits.js';

/** Sample inputs for `runNode`; anything left out gets a plain test value. */
export type RunNodeInput = Partial<Omit<ExecuteContext<unknown>, 'config'>> & {
  /** Raw config, parsed with the node's schema first; defaults to the node's `defaults`. */
  config?: unknown;
};

/**
 * Runs a node's executor against sample inputs, as the runtime would: the config is parsed with
 * the node's schema first (a bad config throws, naming the field), the executor is awaited, and
 * the decision is checked (shape, and that its output exists on the node).
 *
 * @example
 * ```ts
 * const decision = await runNode(split, { config: { salt: 's', branches }, contact: { id: 'c-1' } });
 * expect(decision).toMatchObject({ next: 'a' });
 * ```
 */
export async function runNode(
  // biome-ignore lint/suspicious/noExplicitAny: any node type, sync or async
  definition: NodeDefinition<any, any>,
  input: RunNodeInput = {},
): Promise<Decision> {
  const { config: raw = definition.defaults, ...overrides } = input;
  const parsed = definition.configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`runNode(${definition.type}): invalid config: ${z.prettifyError(parsed.error)}`);
  }
  const decision: unknown = await definition.execute(testContext(parsed.data, overrides));
  const node = `${definition.type}@${definition.version}`;
  // The runtime's sandbox refuses oversized answers; a pack's own tests fail the same way.
  checkDecisionSize(decision, node);
  const outputs = definition.outputsFor(parsed.data);
  checkOutputsSize(outputs, node);
  return checkDecision(
    decision,
    definition.type,
    outputs.map((output) => output.id),
  );
}

/** `simulateJourney` input without the graph and registry, which `simulateWithPack` provides. */
export type SimulateWithPackInput = Omit<SimulateInput, 'graph' | 'registry' | 'compiled' | 'cacheKey'>;

/**
 * Runs a whole graph through the journey simulator with the built-ins and the given packs
 * installed. Pack nodes may be async: they run in this process (no sandbox: this is a test aid)
 * and their decisions are checked as the runtime checks them.
 *
 * @example
 * ```ts
 * const result = await simulateWithPack(graph, [abSplit], {
 *   contact: { id: 'c-1' }, events: [{ after: 0, type: 'signup' }], start: '2026-03-02T10:00:00Z',
 * });
 * expect(result.path.map((step) => step.nodeId)).toContain('variant-a');
 * ```
 */
export async function simulateWithPack(
  graph: Graph,
  packs: readonly NodePack[],
  input: SimulateWithPackInput,
): Promise<SimulationResult> {
  const registry = createRegistry([builtins, ...packs]);
  // One fixed start: replays must see the same clock.
  const start = input.start ?? new Date();
  return settleAsyncNodes(
    registry,
    async (definition, ctx) => {
      const decision: unknown = await definition.execute(ctx);
      checkDecisionSize(decision, `${definition.type}@${definition.version}`);
      return checkDecision(
        decision,
        definition.type,
        definition.outputsFor(ctx.config).map((output: { id: string }) => output.id),
      );
    },
    // Compiled here, not through the cache keyed by graph object, which may hold other definitions.
    (view) => simulateJourney({ ...input, start, compiled: compileJourney(graph, view) }),
  );
}
