import { defaultTypeTitle } from '../diff/describe.js';
import type { Graph, GraphNode } from '../graph.js';
import type { ItemRef } from './items.js';

const FIELD_NAMES: Record<string, string> = {
  name: "the journey's name",
  description: "the journey's description",
  reentry: 'who may enter again',
  goal: "the journey's goal",
  timezone: "the journey's time zone",
  frequencyCap: "the journey's frequency cap",
};

export interface DescribeOptions {
  /** A node type's display name (the editor's catalog); defaults to the type made readable. */
  typeTitle?: (type: string) => string;
  /** An output's display name; defaults to a gate branch's label, else the output's name. */
  outputLabel?: (node: GraphNode, output: string) => string | undefined;
}

/** A step's title as people see it: its label, else its type's title (messages use `stepName`, which adds the kind). */
export function stepTitle(node: Pick<GraphNode, 'label' | 'type'>, options: DescribeOptions = {}): string {
  const label = node.label?.trim();
  return label || (options.typeTitle ?? defaultTypeTitle)(node.type);
}

/** A gate branch's label when the output is one (`config.branches[].id/label`). */
function branchLabel(node: GraphNode, output: string): string | undefined {
  const branches = (node.config as { branches?: unknown }).branches;
  if (!Array.isArray(branches)) return undefined;
  const branch = branches.find((b) => (b as { id?: unknown })?.id === output) as
    | { label?: unknown }
    | undefined;
  return typeof branch?.label === 'string' && branch.label.trim() ? branch.label.trim() : undefined;
}

/**
 * An item of a merge in words, from the first of `graphs` that has what it names: "'Send
 * welcome'", "where 'Send welcome' sits", "the 'Hot lead' path of 'Qualify'", "the journey's goal".
 */
export function describeItem(ref: ItemRef, graphs: readonly Graph[], options: DescribeOptions = {}): string {
  const node = (id: string) => graphs.map((g) => g.nodes.find((n) => n.id === id)).find(Boolean);
  const named = (id: string) => {
    const found = node(id);
    return `'${found ? stepTitle(found, options) : id}'`;
  };
  switch (ref.kind) {
    case 'node':
      return named(ref.id);
    case 'position':
      return `where ${named(ref.id)} sits`;
    case 'edge': {
      const source = node(ref.id);
      const output = ref.output ?? '';
      const label =
        (source && (options.outputLabel?.(source, output) ?? branchLabel(source, output))) ?? output;
      return output === 'next' ? `what follows ${named(ref.id)}` : `the '${label}' path of ${named(ref.id)}`;
    }
    case 'setting':
    case 'graph':
      return FIELD_NAMES[ref.id] ?? `the journey's ${ref.id}`;
    case 'pack':
      return `the node pack '${ref.id}'`;
  }
}
