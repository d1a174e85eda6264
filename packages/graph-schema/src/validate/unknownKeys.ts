import { FrequencyCap, Graph, GraphEdge, GraphNode, GraphSettings, Position } from '../graph.js';
import type { Problem } from '../problems.js';
import { problem } from './codes.js';

type RawRecord = Record<string, unknown>;
const isRecord = (value: unknown): value is RawRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const known = (shape: object) => new Set(Object.keys(shape));
const ROOT = known(Graph.shape);
const NODE = known(GraphNode.shape);
const EDGE = known(GraphEdge.shape);
const SETTINGS = known(GraphSettings.shape);
const POSITION = known(Position.shape);
const GOAL = known(GraphSettings.shape.goal.unwrap().shape);
const CAP = known(FrequencyCap.shape);

function check(
  value: unknown,
  allowed: Set<string>,
  path: string,
  ids: { nodeId?: string; edgeId?: string },
  out: Problem[],
) {
  if (!isRecord(value)) return;
  for (const key of Object.keys(value)) {
    if (allowed.has(key)) continue;
    const where = { path: path ? `${path}.${key}` : key, ...ids };
    out.push(
      problem(
        'structure.unknown-key',
        where,
        `unknown field '${key}' is ignored (known: ${[...allowed].join(', ')})`,
      ),
    );
  }
}

const idOf = (value: unknown) => (isRecord(value) && typeof value.id === 'string' ? value.id : undefined);

/**
 * Fields the Graph schema does not know: zod drops them on parse, so a typo such as `lable`
 * would vanish silently. Reported as warnings. Node configs are left to the node's own schema.
 */
export function unknownKeys(input: RawRecord): Problem[] {
  const out: Problem[] = [];
  check(input, ROOT, '', {}, out);
  if (Array.isArray(input.nodes)) {
    input.nodes.forEach((node, i) => {
      check(node, NODE, `nodes[${i}]`, { nodeId: idOf(node) }, out);
      if (isRecord(node)) check(node.position, POSITION, `nodes[${i}].position`, { nodeId: idOf(node) }, out);
    });
  }
  if (Array.isArray(input.edges)) {
    input.edges.forEach((edge, i) => {
      check(edge, EDGE, `edges[${i}]`, { edgeId: idOf(edge) }, out);
    });
  }
  const settings = input.settings;
  check(settings, SETTINGS, 'settings', {}, out);
  if (isRecord(settings)) {
    check(settings.goal, GOAL, 'settings.goal', {}, out);
    check(settings.frequencyCap, CAP, 'settings.frequencyCap', {}, out);
  }
  return out;
}
