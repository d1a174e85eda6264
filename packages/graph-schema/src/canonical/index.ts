export { type CanonicalOptions, canonicalJson, LAYOUT_FIELDS } from './canonicalJson.js';
export { compareGraphs, type HashComparison, hashGraph, semanticHash } from './hashGraph.js';
