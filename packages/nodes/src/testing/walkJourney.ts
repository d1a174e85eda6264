import type { Graph, LogicRule } from '@crossroads/graph-schema';
import type { ContactData, Decision, Effect, ExecuteContext, JourneyEvent } from '../sdk/decision.js';
import type { Registry } from '../sdk/registry.js';

/** How one contact meets a journey in a test. */
export interface Scenario {
  contact: ContactData;
  /** The event that enrols the contact. */
  event: JourneyEvent;
  engagement?: Record<string, unknown>;
  segments?: Record<string, LogicRule>;
  /** When the contact enters. */
  now: Date;
  /**
   * What happens at each wait-for-event, in order: 'event' (it arrives an hour later) or
   * 'timeout'. Waits beyond the list time out.
   */
  eventWaits?: ReadonlyArray<'event' | 'timeout'>;
}

export interface Step {
  nodeId: string;
  type: string;
  at: string;
  decision: Decision;
}

export interface Walk {
  steps: Step[];
  /** Node ids in the order the contact visited them. */
  path: string[];
  effects: Effect[];
}

const HOUR = 3_600_000;
const MAX_STEPS = 200;

/**
 * Walks one contact through a journey with the node executors, the way the runtime would, but
 * in memory and with a virtual clock: waits jump the clock, event waits follow `eventWaits`.
 * A test aid, not the runtime: it ignores goals, caps and quiet hours.
 *
 * @example
 * ```ts
 * const walk = walkJourney(graph, builtinRegistry, { contact, event, now, eventWaits: ['event'] });
 * expect(walk.path.at(-1)).toBe('hand-to-sales');
 * ```
 */
export function walkJourney(graph: Graph, registry: Registry, scenario: Scenario): Walk {
  const walk: Walk = { steps: [], path: [], effects: [] };
  const eventWaits = [...(scenario.eventWaits ?? [])];
  let now = scenario.now;
  let event: JourneyEvent | null = scenario.event;
  let nodeId: string | undefined = graph.nodes.find(
    (node) => registry.get(node.type, node.version)?.kind === 'trigger',
  )?.id;

  while (nodeId !== undefined) {
    if (walk.steps.length >= MAX_STEPS) throw new Error(`walk exceeded ${MAX_STEPS} steps at '${nodeId}'`);
    const node = graph.nodes.find((candidate) => candidate.id === nodeId);
    if (!node) throw new Error(`no node '${nodeId}'`);
    const definition = registry.get(node.type, node.version);
    if (!definition) throw new Error(`node '${node.id}': unknown type ${node.type}@${node.version}`);
    const ctx: ExecuteContext<unknown> = {
      config: definition.configSchema.parse(node.config),
      contact: scenario.contact,
      event,
      journey: {
        workflowId: graph.id,
        version: 1,
        enrollmentId: `${graph.id}:${scenario.contact.id}`,
        enteredAt: scenario.now.toISOString(),
        context: {},
      },
      engagement: scenario.engagement ?? {},
      now,
      segments: scenario.segments ?? {},
      timezone: graph.settings.timezone,
    };
    const decision = definition.execute(ctx);
    walk.steps.push({ nodeId: node.id, type: node.type, at: now.toISOString(), decision });
    walk.path.push(node.id);

    let handle: string;
    if ('exit' in decision) break;
    if ('waitFor' in decision) {
      const arrives = eventWaits.shift() === 'event';
      now = arrives ? new Date(now.getTime() + HOUR) : new Date(decision.waitFor.timeoutAt);
      if (arrives) event = { type: decision.waitFor.event, properties: {}, timestamp: now.toISOString() };
      handle = arrives ? decision.onEvent : decision.onTimeout;
    } else {
      if ('effect' in decision && decision.effect) walk.effects.push(decision.effect);
      if ('wait' in decision) now = new Date(decision.wait.until);
      handle = decision.next;
    }
    nodeId = graph.edges.find((edge) => edge.source === node.id && edge.sourceHandle === handle)?.target;
  }
  return walk;
}
