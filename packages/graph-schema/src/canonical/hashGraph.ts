import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Graph } from '../graph.js';
import { canonicalJson } from './canonicalJson.js';

// Pure-JS SHA-256 (@noble/hashes), synchronous in both the browser editor and Node.
const sha256Hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

/**
 * SHA-256 (lowercase hex) of the graph's canonical JSON, layout included: the name of a
 * published version. The same graph hashes the same whatever its key or node/edge order; any
 * change, even moving a node, gives a new hash.
 *
 * @example
 * ```ts
 * const version = hashGraph(graph); // 'a3f1…' (64 hex characters)
 * ```
 */
export function hashGraph(graph: Graph): string {
  return sha256Hex(canonicalJson(graph));
}

/**
 * SHA-256 of the canonical JSON without layout fields (node positions): equal for two graphs
 * that behave the same, so a change that leaves it equal while `hashGraph` differs is layout only.
 *
 * @example
 * ```ts
 * if (semanticHash(draft) === semanticHash(published)) showBadge('layout changes only');
 * ```
 */
export function semanticHash(graph: Graph): string {
  return sha256Hex(canonicalJson(graph, { layout: false }));
}

/** What changed between two versions, judged by hashes alone. */
export type HashComparison = 'same' | 'layout-only' | 'semantic';

/**
 * Compares two graphs by their hashes: identical, differing only in layout, or differing in
 * behaviour. Use `diffGraphs` to see what changed.
 *
 * @example
 * ```ts
 * compareGraphs(published, draft); // 'layout-only' after dragging nodes around
 * ```
 */
export function compareGraphs(a: Graph, b: Graph): HashComparison {
  if (hashGraph(a) === hashGraph(b)) return 'same';
  return semanticHash(a) === semanticHash(b) ? 'layout-only' : 'semantic';
}
