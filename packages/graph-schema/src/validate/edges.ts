import type { Problem } from '../problems.js';
import { problem } from './codes.js';
import type { NodeFacts } from './nodes.js';
import type { EdgeSlot } from './structure.js';

/** `source.handle` identifies one output; used as a map key and in messages. */
export const outputKey = (source: string, handle: string) => `${source}\u0000${handle}`;

/**
 * Edge checks: duplicate ids and connections, dangling ends, unknown handles, edges into a
 * trigger, outputs with several edges and required outputs left open. Returns the edges that
 * connect two existing nodes (deduplicated), for the topology checks.
 */
export function checkEdges(
  slots: readonly EdgeSlot[],
  nodes: Map<string, NodeFacts>,
  problems: Problem[],
): EdgeSlot[] {
  const ids = new Set<string>();
  const connections = new Set<string>();
  const targetByOutput = new Map<string, string>();
  const usable: EdgeSlot[] = [];
  for (const slot of slots) {
    const { id, source, sourceHandle, target } = slot.edge;
    const at = (field: string) => ({ path: `edges[${slot.index}].${field}`, edgeId: id });
    const name = `${source}.${sourceHandle} → ${target}`;
    if (ids.has(id))
      problems.push(problem('edge.duplicate-id', at('id'), `another edge already has the id '${id}'`));
    ids.add(id);

    const from = nodes.get(source);
    const to = nodes.get(target);
    if (!from)
      problems.push(problem('edge.source-missing', at('source'), `edge ${name}: no node '${source}'`));
    if (!to) problems.push(problem('edge.target-missing', at('target'), `edge ${name}: no node '${target}'`));
    if (!from || !to) continue;

    const connection = `${outputKey(source, sourceHandle)}\u0000${target}`;
    if (connections.has(connection)) {
      problems.push(problem('edge.duplicate', at('id'), `edge ${name} duplicates an earlier edge`));
      continue;
    }
    connections.add(connection);
    usable.push(slot);

    if (from.outputs && !from.outputs.some((output) => output.id === sourceHandle)) {
      const known = from.outputs.map((output) => output.id).join(', ') || 'none';
      const message = `node '${source}' has no output '${sourceHandle}'; its outputs: ${known}`;
      problems.push(problem('edge.handle-unknown', at('sourceHandle'), message));
    }
    if (to.info?.kind === 'trigger') {
      problems.push(problem('edge.into-trigger', at('target'), `edge ${name} enters trigger '${target}'`));
    }
    const earlier = targetByOutput.get(outputKey(source, sourceHandle));
    if (earlier !== undefined) {
      const message = `output ${source}.${sourceHandle} already leads to '${earlier}'; an output has one next node`;
      problems.push(problem('output.multiple-edges', at('sourceHandle'), message));
    } else targetByOutput.set(outputKey(source, sourceHandle), target);
  }

  for (const facts of nodes.values()) {
    for (const output of facts.outputs ?? []) {
      if (!output.required || targetByOutput.has(outputKey(facts.slot.id, output.id))) continue;
      const message = `required output '${output.label}' (${output.id}) of node '${facts.slot.id}' is not connected`;
      problems.push(
        problem('output.unconnected', { path: `nodes[${facts.slot.index}]`, nodeId: facts.slot.id }, message),
      );
    }
  }
  return usable;
}
