import type { Graph } from '../graph.js';

/** Fields that only place things on the canvas. `semanticHash` and `diffGraphs` treat them as layout. */
export const LAYOUT_FIELDS = ['nodes[].position'] as const;

export interface CanonicalOptions {
  /** Include layout fields (node positions). Default true; false gives the semantic form. */
  layout?: boolean;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** RFC 8785 (JCS) serialisation: keys sorted by UTF-16 code units, no whitespace, ES number form. */
function write(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += value[i] === undefined ? 'null' : write(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === 'function') continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${write(item)}`;
  }
  return `${out}}`;
}

/**
 * The one canonical text of a graph: RFC 8785 style JSON (sorted keys, no insignificant
 * whitespace) with `nodes` sorted by id and `edges` sorted by id, because array order there
 * carries no meaning (edges are looked up by source and handle). Order inside configs (e.g.
 * gate branches) is kept: there it matters. Node positions are included unless
 * `{ layout: false }`: they are the only layout fields (LAYOUT_FIELDS).
 *
 * Pass a parsed graph (e.g. `validateGraph(...).graph`) so defaults are filled in: a document
 * that omits `settings.reentry` and one that says `'once'` then have the same canonical text.
 *
 * @example
 * ```ts
 * canonicalJson(graph);                    // '{"edges":[...],"id":"welcome",...}'
 * canonicalJson(graph, { layout: false }); // same without node positions
 * ```
 */
export function canonicalJson(graph: Graph, options: CanonicalOptions = {}): string {
  const layout = options.layout ?? true;
  const nodes = [...graph.nodes].sort(byId).map((node) => {
    if (layout) return node;
    const { position: _layoutOnly, ...rest } = node;
    return rest;
  });
  return write({ ...graph, nodes, edges: [...graph.edges].sort(byId) });
}
