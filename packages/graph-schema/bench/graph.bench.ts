// Times the graph operations on a realistic 2,000-node journey: `pnpm --filter @crossroads/graph-schema bench`.
// Prints the median of several runs after a warm-up; record results in docs/benchmarks.md.
import os from 'node:os';
import { diffGraphs, Graph, hashGraph, migrateGraph, semanticHash, validateGraph } from '../src/index.js';
import { bigGraph } from '../test/helpers/bigGraph.js';
import { testRegistry } from '../test/helpers/registry.js';

const RUNS = 25;
const WARMUP = 5;

function median(run: () => unknown): number {
  for (let i = 0; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const document = JSON.parse(JSON.stringify(bigGraph(2000))) as unknown;
const graph = Graph.parse(document);
const edited = structuredClone(graph);
for (const node of edited.nodes.filter((_, i) => i % 50 === 0))
  node.config = { ...node.config, edited: true };
for (const node of edited.nodes.filter((_, i) => i % 7 === 0))
  node.position = { x: node.position.x + 5, y: 0 };
const v0 = {
  name: 'Big journey',
  nodes: graph.nodes.map(({ version: _, config, ...node }) => ({ ...node, data: config })),
  edges: graph.edges.map(({ id: _, ...edge }) => edge),
};

const coldStart = performance.now();
const problems = validateGraph(document, testRegistry).problems.length;
const cold = performance.now() - coldStart;
if (problems > 0) throw new Error(`benchmark graph is invalid: ${problems} problems`);
const rows: Array<[string, number]> = [
  ['validateGraph, first call in a fresh process (cold JIT)', cold],
  ['validateGraph (untrusted JSON → problems)', median(() => validateGraph(document, testRegistry))],
  [
    'validateGraph refusing 10,000 nodes (limit.nodes)',
    median(() =>
      validateGraph(
        { ...(document as object), nodes: Array.from({ length: 10_000 }, (_, i) => ({ id: `n${i}` })) },
        testRegistry,
      ),
    ),
  ],
  ['hashGraph (canonical JSON + SHA-256)', median(() => hashGraph(graph))],
  ['semanticHash (without positions)', median(() => semanticHash(graph))],
  ['diffGraphs (40 config edits, 286 moves)', median(() => diffGraphs(graph, edited))],
  ['migrateGraph (v0 → v1)', median(() => migrateGraph(v0))],
];

console.log(
  `Graph operations: ${graph.nodes.length} nodes, ${graph.edges.length} edges; median of ${RUNS} runs`,
);
console.log(
  `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log('| operation | median ms |\n| --- | ---: |');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} |`);
