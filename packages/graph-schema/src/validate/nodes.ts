import { formatPath, type Problem } from '../problems.js';
import type { NodeRegistry, NodeTypeInfo, OutputSpec } from '../registry.js';
import { problem } from './codes.js';
import { checkLogic } from './logic.js';
import type { NodeSlot } from './structure.js';
import { configSchemaOf, fieldPlace, issueText, placeText, stepName } from './wording.js';

/** What later checks need to know about a node; fields are absent when an earlier check failed. */
export interface NodeFacts {
  slot: NodeSlot;
  info?: NodeTypeInfo;
  /** Set when the config parsed with the type's schema; outputs are then known. */
  outputs?: OutputSpec[];
}

const pathKey = (key: PropertyKey) => (typeof key === 'number' ? key : String(key));
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Per-node checks: duplicate ids, type and version known, config valid, JSONLogic in the
 * config valid. Returns one NodeFacts per node id (the first node wins a duplicate id).
 */
export function checkNodes(
  slots: readonly NodeSlot[],
  registry: NodeRegistry,
  problems: Problem[],
): Map<string, NodeFacts> {
  const byId = new Map<string, NodeFacts>();
  for (const slot of slots) {
    const at = (...rest: Array<string | number>) => ({
      path: formatPath(['nodes', slot.index, ...rest]),
      nodeId: slot.id,
    });
    if (byId.has(slot.id)) {
      problems.push(problem('node.duplicate-id', at('id'), `another node already has the id '${slot.id}'`));
      continue;
    }
    const facts: NodeFacts = { slot };
    byId.set(slot.id, facts);
    const node = slot.node;
    if (!node) continue;

    const step = () => stepName(node);
    const info = registry.get(node.type, node.version);
    if (!info) {
      const versions = registry.versionsOf(node.type);
      if (versions.length === 0) {
        const message = `${step()}: this kind of step ('${node.type}') is not installed`;
        problems.push(problem('node.type-unknown', at('type'), message));
      } else {
        const message = `${step()}: version ${node.version} of '${node.type}' is not installed; known versions: ${versions.join(', ')}`;
        problems.push(problem('node.version-unknown', at('version'), message));
      }
      continue;
    }
    facts.info = info;

    const config = info.configSchema.safeParse(node.config);
    if (!config.success) {
      const schema = configSchemaOf(info.configSchema);
      for (const issue of config.error.issues) {
        const path = issue.path.map(pathKey);
        const place = fieldPlace(schema, node.config, path);
        const message = `${placeText(step(), place)}: ${issueText(issue, place.field)}`;
        problems.push(problem('node.config-invalid', at('config', ...path), message));
      }
      continue;
    }
    try {
      facts.outputs = info.outputsFor(config.data);
      for (const field of info.logicFields?.(config.data) ?? []) {
        const found = checkLogic(
          field.rule,
          ['nodes', slot.index, 'config', ...field.path],
          { nodeId: slot.id },
          field.roots,
        );
        if (found.length === 0) continue;
        const place = fieldPlace(configSchemaOf(info.configSchema), node.config, field.path);
        const where = `${placeText(step(), place)}: in the ${place.field || 'rule'}, `;
        for (const p of found) problems.push({ ...p, message: where + p.message });
      }
    } catch (error) {
      const message = `${step()}: the '${node.type}' v${node.version} step failed on this configuration: ${errorText(error)}`;
      problems.push(problem('node.definition-failed', at('config'), message));
    }
  }
  return byId;
}
