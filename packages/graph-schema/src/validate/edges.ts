import type { Problem } from '../problems.js';
import { problem } from './codes.js';
import type { NodeFacts } from './nodes.js';
import type { EdgeSlot } from './structure.js';
import { stepName } from './wording.js';

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
    const stepOf = (facts: NodeFacts | undefined, id: string) =>
      facts?.slot.node ? stepName(facts.slot.node) : `step '${id}'`;
    if (ids.has(id))
      problems.push(problem('edge.duplicate-id', at('id'), `another edge already has the id '${id}'`));
    ids.add(id);

    const from = nodes.get(source);
    const to = nodes.get(target);
    const outputName = () => {
      const output = from?.outputs?.find((o) => o.id === sourceHandle);
      return output ? `'${output.label}'` : `'${sourceHandle}'`;
    };
    // Worded only when a problem needs it: most edges have none.
    const name = () => `from ${stepOf(from, source)} to ${stepOf(to, target)}`;
    if (!from)
      problems.push(
        problem(
          'edge.source-missing',
          at('source'),
          `the connection ${name()} starts at a step that does not exist`,
        ),
      );
    if (!to)
      problems.push(
        problem(
          'edge.target-missing',
          at('target'),
          `the connection ${name()} leads to a step that does not exist`,
        ),
      );
    if (!from || !to) continue;

    const connection = `${outputKey(source, sourceHandle)}\u0000${target}`;
    if (connections.has(connection)) {
      problems.push(problem('edge.duplicate', at('id'), `the connection ${name()} is drawn twice`));
      continue;
    }
    connections.add(connection);
    usable.push(slot);

    if (from.outputs && !from.outputs.some((output) => output.id === sourceHandle)) {
      const known = from.outputs.map((output) => `'${output.label}'`).join(', ') || 'none';
      const message = `${stepOf(from, source)} has no output '${sourceHandle}' any more, so the connection to ${stepOf(to, target)} leads nowhere; its outputs: ${known}`;
      problems.push(problem('edge.handle-unknown', at('sourceHandle'), message));
    }
    if (to.info?.kind === 'trigger') {
      problems.push(
        problem(
          'edge.into-trigger',
          at('target'),
          `the connection ${name()} enters a trigger: nothing can lead into the start of a journey`,
        ),
      );
    }
    const earlier = targetByOutput.get(outputKey(source, sourceHandle));
    if (earlier !== undefined) {
      const message = `${stepOf(from, source)}: the output ${outputName()} already leads to ${stepOf(nodes.get(earlier), earlier)}; an output has one next step`;
      problems.push(problem('output.multiple-edges', at('sourceHandle'), message));
    } else targetByOutput.set(outputKey(source, sourceHandle), target);
  }

  for (const facts of nodes.values()) {
    for (const output of facts.outputs ?? []) {
      if (!output.required || targetByOutput.has(outputKey(facts.slot.id, output.id))) continue;
      const step = facts.slot.node ? stepName(facts.slot.node) : `step '${facts.slot.id}'`;
      const message = `${step}: the output '${output.label}' is not connected to a next step`;
      problems.push(
        problem('output.unconnected', { path: `nodes[${facts.slot.index}]`, nodeId: facts.slot.id }, message),
      );
    }
  }
  return usable;
}
