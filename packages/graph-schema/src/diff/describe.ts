import type { GraphNode } from '../graph.js';

const MAX_SHOWN = 60;
const BARE_STRING = /^[\w.:@/+-]{1,40}$/;

const truncate = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text);

/**
 * A value as a reader wants it in a one-line summary: simple strings bare (P2D), others quoted,
 * numbers and booleans as written, objects as compact JSON, long text shortened with '…'.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return BARE_STRING.test(value) ? value : truncate(JSON.stringify(value));
  return truncate(JSON.stringify(value) ?? String(value));
}

/** 'wait-for-event' → 'Wait for event'; 'acme-crm/lookup' → 'Lookup'. */
export function defaultTypeTitle(type: string): string {
  const words = (type.split('/').pop() || type).replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How a node is named in summaries: its label, else its id, quoted. */
export const nodeName = (node: Pick<GraphNode, 'id' | 'label'>) => `'${node.label || node.id}'`;
