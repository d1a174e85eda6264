import { formatPath, type Problem } from '../problems.js';
import type { NodeRegistry, NodeTypeInfo, OutputSpec } from '../registry.js';
import { problem } from './codes.js';
import { checkLogic } from './logic.js';
import type { NodeSlot } from './structure.js';

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

    const info = registry.get(node.type, node.version);
    if (!info) {
      const versions = registry.versionsOf(node.type);
      if (versions.length === 0) {
        problems.push(problem('node.type-unknown', at('type'), `unknown node type '${node.type}'`));
      } else {
        const message = `'${node.type}' has no version ${node.version}; known versions: ${versions.join(', ')}`;
        problems.push(problem('node.version-unknown', at('version'), message));
      }
      continue;
    }
    facts.info = info;

    const config = info.configSchema.safeParse(node.config);
    if (!config.success) {
      for (const issue of config.error.issues) {
        problems.push(
          problem('node.config-invalid', at('config', ...issue.path.map(pathKey)), issue.message),
        );
      }
      continue;
    }
    try {
      facts.outputs = info.outputsFor(config.data);
      for (const field of info.logicFields?.(config.data) ?? []) {
        problems.push(
          ...checkLogic(
            field.rule,
            ['nodes', slot.index, 'config', ...field.path],
            { nodeId: slot.id },
            field.roots,
          ),
        );
      }
    } catch (error) {
      const message = `node type '${node.type}' v${node.version} failed on this config: ${errorText(error)}`;
      problems.push(problem('node.definition-failed', at('config'), message));
    }
  }
  return byId;
}
