// Runs INSIDE the QuickJS VM, next to pack code: answers the runtime's questions about the pack
// (describe it, parse a config, compute outputs, migrate, match an event, execute) with JSON strings. Its checks
// (sizes, decision shape) are repeated outside the VM: pack code shares this VM and could tamper.
import {
  checkDecisionSize,
  checkEventTypes,
  checkOutputsSize,
  describeNode,
  oversize,
  PACK_SIZE_LIMITS,
  validatePack,
} from '@crossroads/nodes/sandbox';
import type { NodeDefinition, NodePack } from '@crossroads/nodes/sdk';
import { host } from './host.js';
import { fireTimer } from './webApis.js';

// Captured before pack code runs.
const stringify = JSON.stringify;
const parseJson = JSON.parse;

// biome-ignore lint/suspicious/noExplicitAny: any node type
type Definition = NodeDefinition<any, any>;

/** QuickJS's own out-of-memory error: a limit, not the pack's failure; the runtime drops the VM. */
const outOfMemory = (error: unknown) =>
  error instanceof Error && error.name === 'InternalError' && error.message === 'out of memory';
const messageOf = (error: unknown) => String(error instanceof Error ? error.message : error).slice(0, 3_000);
const answer = (value: unknown) => stringify({ ok: true, value });
const refuse = (error: unknown) => {
  if (outOfMemory(error)) throw error;
  return stringify({ ok: false, error: messageOf(error) });
};
const json = (value: unknown): unknown => (value === undefined ? undefined : parseJson(stringify(value)));

function configSize(config: unknown, node: string): void {
  const problem = oversize(config, 'a config', node, PACK_SIZE_LIMITS.configBytes);
  if (problem) throw new Error(problem);
}

/** Outputs, JSONLogic fields and a trigger's event types for a parsed config, each as a value or the error it threw. */
function computed(definition: Definition, node: string, config: unknown) {
  const result: Record<string, unknown> = {};
  if (definition.kind === 'trigger') {
    try {
      const types = json(definition.listensTo?.(config) ?? []);
      checkEventTypes(types, node);
      result.listensTo = types;
    } catch (error) {
      result.listensToError = messageOf(error);
    }
  }
  try {
    const outputs = json(definition.outputsFor(config));
    checkOutputsSize(outputs, node);
    result.outputs = outputs;
  } catch (error) {
    result.outputsError = messageOf(error);
  }
  if (typeof definition.logicRules === 'function') {
    try {
      result.logicFields = json(definition.logicFields?.(config) ?? []);
    } catch (error) {
      result.logicFieldsError = messageOf(error);
    }
  }
  return result;
}

/** Registers the pack's answers with the runtime. Called once, after the pack module ran. */
export function serve(module: Record<string, unknown>): void {
  const exported = (module.default ?? module.pack) as NodePack | undefined;
  const nodes = new Map<string, Definition>();
  const nodeOf = (type: string, version: number): Definition => {
    const definition = nodes.get(`${type}@${version}`);
    if (!definition) throw new Error(`no node ${type}@${version} in this pack`);
    return definition;
  };

  const dispatcher = {
    describe(_type: string, _version: number, manifestJson: string): string {
      try {
        if (exported === undefined) {
          throw new Error(
            'the module exports no pack: use `export default definePack(...)` or `export const pack`',
          );
        }
        const check = validatePack(exported, parseJson(manifestJson));
        if (!check.ok) throw new Error(check.problems.join('; '));
        const described = check.pack.nodes.map((definition) => {
          nodes.set(`${definition.type}@${definition.version}`, definition);
          const description = describeNode(definition);
          const problem = oversize(
            description,
            'a description',
            `${definition.type}@${definition.version}`,
            PACK_SIZE_LIMITS.descriptionBytes,
          );
          if (problem) throw new Error(problem);
          return description;
        });
        const { name, version, apiVersion } = check.pack;
        return answer({ name, version, apiVersion, nodes: described });
      } catch (error) {
        return refuse(error);
      }
    },

    parse(type: string, version: number, rawJson: string): string {
      try {
        const definition = nodeOf(type, version);
        const node = `${type}@${version}`;
        const parsed = definition.configSchema.safeParse(parseJson(rawJson));
        if (!parsed.success) {
          const issues = parsed.error.issues
            .slice(0, 50)
            .map((issue: { path: PropertyKey[]; message: string }) => ({
              path: issue.path.filter((part) => typeof part !== 'symbol').slice(0, 20),
              message: String(issue.message).slice(0, 500),
            }));
          return answer({ ok: false, issues });
        }
        const config = json(parsed.data);
        configSize(config, node);
        // Outputs are a separate call: a looping outputs() must not make the config look invalid.
        return answer({ ok: true, config });
      } catch (error) {
        return refuse(error);
      }
    },

    outputs(type: string, version: number, configJson: string): string {
      try {
        return answer(computed(nodeOf(type, version), `${type}@${version}`, parseJson(configJson)));
      } catch (error) {
        return refuse(error);
      }
    },

    migrate(type: string, version: number, requestJson: string): string {
      try {
        const { from, config } = parseJson(requestJson) as { from: number; config: Record<string, unknown> };
        const migration = nodeOf(type, version).migrations?.find((candidate) => candidate.from === from);
        if (!migration) throw new Error(`${type}@${version} has no migration from version ${from}`);
        const migrated = json(migration.up(config));
        configSize(migrated, `${type}@${version}`);
        return answer({ config: migrated });
      } catch (error) {
        return refuse(error);
      }
    },

    /** A trigger's `matches(config, event, contact)`: whether the event enrols the contact. */
    matches(type: string, version: number, requestJson: string): string {
      try {
        const definition = nodeOf(type, version);
        const { config, event, contact } = parseJson(requestJson);
        if (typeof definition.matches !== 'function') return answer({ matches: true });
        const matched = definition.matches(config, event, contact);
        if (typeof matched !== 'boolean') {
          throw new Error(`${type}@${version}: matches() must return true or false (it is synchronous)`);
        }
        return answer({ matches: matched });
      } catch (error) {
        return refuse(error);
      }
    },

    async execute(type: string, version: number, ctxJson: string): Promise<string> {
      try {
        const definition = nodeOf(type, version);
        const ctx = parseJson(ctxJson);
        ctx.now = new Date(ctx.now);
        const decision = json((await definition.execute(ctx)) ?? null);
        checkDecisionSize(decision, `${type}@${version}`);
        return answer(decision);
      } catch (error) {
        return refuse(error);
      }
    },

    fireTimer,
  };
  // Execution without a describe first (a fresh VM in a running lane) knows the nodes too.
  if (exported && Array.isArray(exported.nodes)) {
    for (const definition of exported.nodes as Definition[]) {
      if (definition && typeof definition.type === 'string')
        nodes.set(`${definition.type}@${definition.version}`, definition);
    }
  }
  host.ready(Object.freeze(dispatcher));
}
