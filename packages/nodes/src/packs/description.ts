import type { LogicField, OutputSpec } from '@crossroads/graph-schema';
import { z } from 'zod';
import type { NodeDefinition } from '../sdk/defineNode.js';
import { checkEventTypes, PACK_SIZE_LIMITS } from './sizeLimits.js';

const Output = z.strictObject({
  id: z.string().min(1).max(128),
  label: z.string().min(1).max(200),
  required: z.boolean().optional(),
});
const Outputs = z.array(Output).max(PACK_SIZE_LIMITS.outputs);
/** Event types a trigger listens to (`listensTo`). */
export const EventTypes = z.array(z.string().min(1).max(200)).max(PACK_SIZE_LIMITS.eventTypes);

/**
 * One pack node type as the runtime knows it: plain data produced inside the pack sandbox, never
 * code. Everything a node computes from a config (parsing, outputs, JSONLogic fields, migrations)
 * is asked of the sandbox per config, and so is a trigger's `matches` per event;
 * `parsedDefaults`, `outputsForDefaults`, `logicFieldsForDefaults` and `listensToForDefaults` are
 * the answers for the defaults, computed at load.
 *
 * @example
 * ```ts
 * const description = NodeDescription.parse(JSON.parse(answerFromSandbox));
 * description.outputs; // null when outputs depend on the config
 * ```
 */
export const NodeDescription = z.strictObject({
  type: z.string().min(1).max(200),
  version: z.number().int().positive(),
  title: z.string().min(1).max(100),
  description: z.string().max(2_000),
  category: z.string().min(1).max(60),
  icon: z.string().min(1).max(60),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  kind: z.enum(['trigger', 'gate', 'wait', 'action']),
  /** JSON Schema of the config as written (`io: 'input'`), with any metadata the pack attached. */
  configSchema: z.record(z.string(), z.unknown()),
  defaults: z.unknown(),
  /** The defaults after parsing, or undefined when they do not parse. */
  parsedDefaults: z.unknown().optional(),
  /** Static outputs, or null when they are computed from the config. */
  outputs: Outputs.nullable(),
  outputsForDefaults: Outputs,
  /** Whether the node declares JSONLogic rules inside its config (`logicRules`). */
  hasLogicRules: z.boolean(),
  logicFieldsForDefaults: z
    .array(
      z.strictObject({
        path: z.array(z.union([z.string(), z.number()])),
        rule: z.unknown(),
        roots: z.array(z.string()).optional(),
      }),
    )
    .max(200),
  /** Triggers: the event types the defaults listen to (`listensTo(defaults)`). */
  listensToForDefaults: EventTypes.optional(),
  /** Triggers: whether the node filters events itself (`matches`); without it every event of its types enrols. */
  hasMatches: z.boolean(),
  capabilities: z.strictObject({
    http: z.strictObject({ hosts: z.array(z.string().max(253)).max(50) }).optional(),
    secrets: z.array(z.string().max(100)).max(50).optional(),
  }),
  idempotent: z.boolean(),
  migrations: z
    .array(z.strictObject({ from: z.number().int().positive(), name: z.string().min(1).max(200) }))
    .max(100),
});
export type NodeDescription = z.infer<typeof NodeDescription>;

/**
 * A pack as the runtime knows it: name, versions and its nodes' descriptions.
 *
 * @example
 * ```ts
 * PackDescription.parse({ name: '@acme/crm', version: '1.0.0', apiVersion: 1, nodes: [...] });
 * ```
 */
export const PackDescription = z.strictObject({
  name: z.string().min(1).max(214),
  version: z.string().min(1).max(100),
  apiVersion: z.number().int(),
  nodes: z.array(NodeDescription).min(1).max(500),
});
export type PackDescription = z.infer<typeof PackDescription>;

/** Plain JSON: functions, classes and prototypes do not survive. */
const asJson = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

/**
 * Describes a node definition as data. Runs inside the pack sandbox (it calls the pack's
 * `configSchema`, `outputs` and `logicRules`); the runtime only ever sees the result.
 *
 * @example
 * ```ts
 * describeNode(splitNode).outputsForDefaults; // [{ id: 'a', label: 'Variant A (50%)', required: true }, …]
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: any node type
export function describeNode(def: NodeDefinition<any, any>): NodeDescription {
  const parsed = def.configSchema.safeParse(def.defaults);
  const outputsForDefaults: OutputSpec[] = parsed.success ? def.outputsFor(parsed.data) : [];
  const logicFieldsForDefaults: LogicField[] =
    parsed.success && typeof def.logicRules === 'function' ? (def.logicFields?.(parsed.data) ?? []) : [];
  const listensToForDefaults =
    parsed.success && def.kind === 'trigger' ? asJson(def.listensTo?.(parsed.data) ?? []) : undefined;
  if (listensToForDefaults !== undefined) checkEventTypes(listensToForDefaults, `${def.type}@${def.version}`);
  return {
    type: def.type,
    version: def.version,
    title: def.title,
    description: def.description,
    category: def.category,
    icon: def.icon,
    color: def.color,
    kind: def.kind,
    configSchema: z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >,
    defaults: asJson(def.defaults),
    ...(parsed.success && { parsedDefaults: asJson(parsed.data) }),
    outputs: typeof def.outputs === 'function' ? null : (asJson(def.outputs) as OutputSpec[]),
    outputsForDefaults: asJson(outputsForDefaults) as OutputSpec[],
    hasLogicRules: typeof def.logicRules === 'function',
    logicFieldsForDefaults: asJson(logicFieldsForDefaults) as NodeDescription['logicFieldsForDefaults'],
    ...(listensToForDefaults !== undefined && { listensToForDefaults: listensToForDefaults as string[] }),
    hasMatches: typeof def.matches === 'function',
    capabilities: asJson(def.capabilities ?? {}) as NodeDescription['capabilities'],
    idempotent: def.idempotent === true,
    migrations: (def.migrations ?? []).map(({ from, name }) => ({ from, name })),
  };
}
