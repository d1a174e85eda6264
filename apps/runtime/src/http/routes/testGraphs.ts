import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '@crossroads/graph-schema';
import { loadConfig } from '../../config.js';

/** A journey from examples/ (the shared fixtures), as a fresh object each call. */
export function exampleGraph(name: string): Graph {
  const file = join(loadConfig({}).repoRoot, 'examples', name, 'graph.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Graph;
}

/** The pricing-page journey: valid, no segments. */
export const validGraph = () => exampleGraph('pricing-page-handoff');

/** A graph with the right shape but a semantic error (an edge to a missing node). */
export function brokenGraph(): Graph {
  const graph = validGraph();
  graph.edges.push({ id: 'dangling', source: graph.nodes[0]!.id, sourceHandle: 'next', target: 'nowhere' });
  return graph;
}
