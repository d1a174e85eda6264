import type { LogicField, NodeTypeInfo, OutputSpec } from '@crossroads/graph-schema';
import type { z } from 'zod';
import { ruleFields } from '../fields/nodeFields.js';
import type { NodeCapabilities } from './capabilities.js';
import type { ContactData, Decision, ExecuteContext, JourneyEvent } from './decision.js';

/**
 * Palette metadata and behaviour of one node type at one version. `Result` is `Decision` for the
 * built-ins (pure, synchronous); a pack node may be async (`Promise<Decision>`) because it runs
 * in the pack sandbox, where `fetch` goes through the host.
 */
export interface NodeDefinition<
  Schema extends z.ZodType = z.ZodType,
  Result extends Decision | Promise<Decision> = Decision,
> extends NodeTypeInfo {
  type: string;
  version: number;
  title: string;
  description: string;
  /** Palette group, e.g. 'Triggers', 'Flow', 'Timing', 'Messaging', 'Sales'. */
  category: string;
  /** Icon name from the editor's icon set (lucide names, e.g. 'mail'). */
  icon: string;
  /** Accent colour, CSS hex. */
  color: string;
  kind: NodeTypeInfo['kind'];
  configSchema: Schema;
  /** Config a newly dropped node starts with. Must parse with `configSchema`. */
  defaults: z.input<Schema>;
  /** Static outputs, or outputs computed from config (gate branches). */
  outputs: OutputSpec[] | ((config: z.output<Schema>) => OutputSpec[]);
  /** One line for the canvas, e.g. "Wait up to 2 days for email.opened". */
  summary?(config: z.output<Schema>): string;
  /**
   * JSONLogic rules inside the config, for validation. Defaults to the fields whose schema says
   * `x-editor: 'rule'` (any data root); give it to narrow the roots a rule may read.
   */
  logicRules?(config: z.output<Schema>): LogicField[];
  /**
   * Triggers only: the event types that may start the journey, given the config. The runtime
   * looks at a contact (and asks `matches`) only for events of these types. A trigger on a
   * segment listens to `SEGMENT_ENTERED_EVENT` (its `properties.segment` names the segment).
   */
  listensTo?(config: z.output<Schema>): readonly string[];
  /**
   * Triggers only: whether an event (of a type `listensTo` named) enrols the contact, e.g. its
   * filter passes or it names the right segment. Pure and synchronous. Without it, every event
   * of those types enrols.
   */
  matches?(config: z.output<Schema>, event: JourneyEvent, contact: ContactData): boolean;
  /** Pure decision. No I/O: the runtime performs effects. Pack nodes may be async (see `Result`). */
  execute(ctx: ExecuteContext<z.output<Schema>>): Result;
  /** What a pack node needs from the host: outbound HTTP hosts, secret names. Built-ins need none. */
  capabilities?: NodeCapabilities;
  /**
   * Whether running the node twice for the same step has the same outside effect as running it
   * once. Pack nodes must declare it: the runtime retries idempotent steps freely and warns
   * before retrying the others.
   */
  idempotent?: boolean;
  /** Config migrations from older versions of this type: `from` version → transform. */
  migrations?: Array<{
    from: number;
    name: string;
    up(config: Record<string, unknown>): Record<string, unknown>;
  }>;
}

export type NodeDefinitionInput<
  Schema extends z.ZodType,
  Result extends Decision | Promise<Decision> = Decision,
> = Omit<NodeDefinition<Schema, Result>, 'outputsFor' | 'logicFields'>;

/**
 * Defines a node type. The config type is inferred from `configSchema`: nothing is read by cast.
 *
 * @example
 * ```ts
 * const shout = defineNode({
 *   type: 'acme/shout', version: 1, title: 'Shout', description: 'Logs loudly',
 *   category: 'Utility', icon: 'megaphone', color: '#f97316', kind: 'action',
 *   configSchema: z.object({ text: z.string() }), defaults: { text: 'hi' },
 *   outputs: [{ id: 'next', label: 'Next' }],
 *   execute: ({ config }) => ({ next: 'next', reason: { summary: config.text.toUpperCase() } }),
 * });
 * ```
 *
 * A pack node declares its capabilities and may be async:
 * ```ts
 * const ping = defineNode({
 *   type: 'acme/ping', version: 1, title: 'Ping', description: 'Pings the CRM',
 *   category: 'Utility', icon: 'radio', color: '#0ea5e9', kind: 'action',
 *   configSchema: z.object({}), defaults: {}, outputs: [{ id: 'next', label: 'Next' }],
 *   capabilities: { http: { hosts: ['crm.acme.com'] } }, idempotent: true,
 *   execute: async () => {
 *     await fetch('https://crm.acme.com/ping');
 *     return { next: 'next' };
 *   },
 * });
 * ```
 */
export function defineNode<Schema extends z.ZodType, Result extends Decision | Promise<Decision> = Decision>(
  def: NodeDefinitionInput<Schema, Result>,
): NodeDefinition<Schema, Result> {
  const { outputs, logicRules } = def;
  return {
    ...def,
    outputsFor: (config) => (typeof outputs === 'function' ? outputs(config as z.output<Schema>) : outputs),
    logicFields: (config) => (logicRules ? logicRules(config as z.output<Schema>) : ruleFields(def, config)),
  };
}
