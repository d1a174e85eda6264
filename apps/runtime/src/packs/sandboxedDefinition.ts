import type { LogicField, OutputSpec } from '@crossroads/graph-schema';
import {
  type ContactData,
  insidePackSettle,
  type JourneyEvent,
  type NodeDefinition,
  type NodeDescription,
  ON_ERROR,
  ON_ERROR_OUTPUT,
} from '@crossroads/nodes';
import { z } from 'zod';
import type { Fact, PackFacts } from './facts.js';
import { PackExecutionError } from './sandbox/lane.js';

const PENDING =
  'is being checked in the pack sandbox (run this inside withPackFacts or RuntimeRegistry.settle)';

function value<T>(fact: Fact<T> | undefined, node: string): T {
  if (!fact) throw new Error(`${node} ${PENDING}`);
  if ('failed' in fact) throw new Error(fact.failed);
  return fact.value;
}

/**
 * A pack node as the runtime holds it: its description (data from the sandbox) plus functions that
 * answer from `facts`, never from pack code. `configSchema` is a zod schema whose parse returns the
 * sandbox's parse of that config (and whose JSON Schema is the pack's own); `outputsFor`,
 * `logicFields`, migrations and a trigger's `listensTo` likewise, and a trigger's `matches` is
 * asked of the sandbox per event. `execute` refuses: pack nodes run through
 * `RuntimeRegistry.execute`.
 *
 * @example
 * ```ts
 * const definition = sandboxedDefinition(description, facts);
 * await withPackFacts(() => definition.configSchema.safeParse(config)); // asks the sandbox once, then cached
 * ```
 */
export function sandboxedDefinition(
  description: NodeDescription,
  facts: PackFacts,
  // biome-ignore lint/suspicious/noExplicitAny: definitions of many config types live side by side
): NodeDefinition<any, any> {
  const { type, version } = description;
  const node = `${type}@${version}`;
  const { id: _id, ...jsonSchema } = description.configSchema;

  const configSchema = z
    .unknown()
    .transform((raw, ctx) => {
      const fact = facts.parse(type, version, raw);
      if (!fact || 'failed' in fact) {
        ctx.addIssue({ code: 'custom', message: fact ? `${node}: ${fact.failed}` : `${node} ${PENDING}` });
        return z.NEVER;
      }
      if (!fact.value.ok) {
        for (const issue of fact.value.issues)
          ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        return z.NEVER;
      }
      return fact.value.config;
    })
    // The pack's JSON Schema (forms, `x-editor` metadata) is what z.toJSONSchema reports for it.
    .meta(jsonSchema);

  const computed = (config: unknown) => value(facts.computed(type, version, config), node);
  const ownOutputs = (config: unknown): OutputSpec[] => {
    if (description.outputs) return description.outputs;
    const answer = computed(config);
    if (answer.outputsError !== undefined) throw new Error(answer.outputsError);
    return answer.outputs ?? [];
  };
  // Every pack node can branch on its failure: the runtime adds the output, the pack need not.
  const withOnError = (outputs: OutputSpec[]): OutputSpec[] =>
    outputs.some((output) => output.id === ON_ERROR) ? outputs : [...outputs, { ...ON_ERROR_OUTPUT }];
  const staticOutputs = description.outputs && withOnError(description.outputs);
  const outputsFor = (config: unknown): OutputSpec[] => staticOutputs ?? withOnError(ownOutputs(config));
  const logicFields = (config: unknown): LogicField[] => {
    if (!description.hasLogicRules) return [];
    const answer = computed(config);
    if (answer.logicFieldsError !== undefined) throw new Error(answer.logicFieldsError);
    return answer.logicFields ?? [];
  };

  const listensTo = (config: unknown): readonly string[] => {
    const answer = computed(config);
    if (answer.listensToError !== undefined) throw new Error(answer.listensToError);
    return answer.listensTo ?? [];
  };
  const matches = (config: unknown, event: JourneyEvent, contact: ContactData): boolean => {
    const { id, type: eventType, properties, timestamp } = event;
    const fact = facts.matches(type, version, {
      config,
      event: { ...(id !== undefined && { id }), type: eventType, properties, timestamp },
      contact,
    });
    // Unknown inside a settle: the question is registered and this pass replayed, so its answer is moot.
    if (!fact && insidePackSettle()) return false;
    // A trigger that fails or overruns enrols nobody (the host logged why).
    if (fact && 'failed' in fact) return false;
    return value(fact, node);
  };

  return {
    type,
    version,
    title: description.title,
    description: description.description,
    category: description.category,
    icon: description.icon,
    color: description.color,
    kind: description.kind,
    configSchema,
    defaults: description.defaults,
    outputs: staticOutputs ?? outputsFor,
    outputsFor,
    logicFields,
    ...(description.kind === 'trigger' && { listensTo }),
    ...(description.hasMatches && { matches }),
    capabilities: description.capabilities,
    idempotent: description.idempotent,
    migrations: description.migrations.map(({ from, name }) => ({
      from,
      name,
      up: (config: Record<string, unknown>) => value(facts.migrate(type, version, from, config), node).config,
    })),
    execute() {
      throw new PackExecutionError(
        `${node} is a pack node: it runs in the pack sandbox (RuntimeRegistry.execute), never in the runtime process`,
      );
    },
  };
}
