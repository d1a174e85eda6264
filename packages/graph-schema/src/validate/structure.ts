import type { z } from 'zod';
import { CURRENT_SCHEMA_VERSION, Graph, GraphEdge, GraphNode, GraphSettings } from '../graph.js';
import { formatPath, type Problem } from '../problems.js';
import { problem } from './codes.js';
import { unknownKeys } from './unknownKeys.js';

/** A node as far as it could be read. `node` is absent when the node itself is malformed. */
export interface NodeSlot {
  index: number;
  id: string;
  node?: GraphNode;
}

/** An edge that parsed; malformed edges are reported and left out of later checks. */
export interface EdgeSlot {
  index: number;
  edge: GraphEdge;
}

export interface StructureResult {
  graph?: Graph;
  nodes: NodeSlot[];
  edges: EdgeSlot[];
  settings?: GraphSettings;
  problems: Problem[];
  /**
   * True when later checks would only add noise: the root is not an object, the format version
   * is wrong (migrate first), or `nodes`/`edges` are not arrays.
   */
  stop: boolean;
}

type RawRecord = Record<string, unknown>;
const isRecord = (value: unknown): value is RawRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const rawArray = (raw: RawRecord, key: string): unknown[] =>
  Array.isArray(raw[key]) ? (raw[key] as unknown[]) : [];
const stringId = (value: unknown): string | undefined =>
  isRecord(value) && typeof value.id === 'string' && value.id !== '' ? value.id : undefined;

function schemaVersionProblem(raw: RawRecord): Problem | undefined {
  const version = raw.schemaVersion;
  if (version === CURRENT_SCHEMA_VERSION) return undefined;
  if (typeof version === 'number' && version > CURRENT_SCHEMA_VERSION) {
    const message = `schemaVersion ${version} is newer than ${CURRENT_SCHEMA_VERSION}, the newest this build reads`;
    return problem('graph.schema-version-new', { path: 'schemaVersion' }, message);
  }
  if (version === undefined || (typeof version === 'number' && version < CURRENT_SCHEMA_VERSION)) {
    const found =
      version === undefined ? 'schemaVersion is missing (a v0 document?)' : `schemaVersion ${version}`;
    const message = `${found}: migrate it to ${CURRENT_SCHEMA_VERSION} with migrateGraph`;
    return problem('graph.schema-version-old', { path: 'schemaVersion' }, message);
  }
  return undefined;
}

function issueProblem(issue: z.core.$ZodIssue, raw: RawRecord): Problem {
  const [collection, index] = issue.path;
  const item = typeof index === 'number' ? rawArray(raw, String(collection))[index] : undefined;
  const id = stringId(item);
  return problem(
    'structure.invalid',
    {
      path: formatPath(issue.path) || '(root)',
      nodeId: collection === 'nodes' ? id : undefined,
      edgeId: collection === 'edges' ? id : undefined,
    },
    issue.message,
  );
}

/**
 * Parses the document with the Graph schema. When that fails, reports every zod issue and
 * salvages the nodes and edges that parse on their own, so graph-level checks can still run and
 * the user sees all problems at once. Malformed nodes keep their id (if readable) so edges to
 * them are not also reported as dangling.
 */
export function parseStructure(input: unknown): StructureResult {
  if (!isRecord(input)) {
    const message = `a graph must be a JSON object, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}`;
    return {
      nodes: [],
      edges: [],
      problems: [problem('structure.invalid', { path: '(root)' }, message)],
      stop: true,
    };
  }
  const parsed = Graph.safeParse(input);
  if (parsed.success) {
    const graph = parsed.data;
    return {
      graph,
      nodes: graph.nodes.map((node, index) => ({ index, id: node.id, node })),
      edges: graph.edges.map((edge, index) => ({ index, edge })),
      settings: graph.settings,
      problems: unknownKeys(input),
      stop: false,
    };
  }
  // Another format version: its field-by-field differences are noise; say what to do instead.
  const versionProblem = schemaVersionProblem(input);
  if (versionProblem) return { nodes: [], edges: [], problems: [versionProblem], stop: true };
  const problems = [...parsed.error.issues.map((issue) => issueProblem(issue, input)), ...unknownKeys(input)];
  if (!Array.isArray(input.nodes) || !Array.isArray(input.edges))
    return { nodes: [], edges: [], problems, stop: true };

  const nodes: NodeSlot[] = [];
  rawArray(input, 'nodes').forEach((raw, index) => {
    const node = GraphNode.safeParse(raw);
    if (node.success) nodes.push({ index, id: node.data.id, node: node.data });
    else {
      const id = stringId(raw);
      if (id !== undefined) nodes.push({ index, id });
    }
  });
  const edges: EdgeSlot[] = [];
  rawArray(input, 'edges').forEach((raw, index) => {
    const edge = GraphEdge.safeParse(raw);
    if (edge.success) edges.push({ index, edge: edge.data });
  });
  const settings = GraphSettings.safeParse(input.settings);
  return { nodes, edges, settings: settings.success ? settings.data : undefined, problems, stop: false };
}
