import type { Problem } from '../problems.js';

type Severity = Problem['severity'];

/**
 * Every problem code `validateGraph` can emit, with its severity and what it means.
 * Codes are stable: clients may switch on them. JSONLogic problems reported by `validateLogic`
 * keep their own codes under the `logic.` prefix (see `src/logic/`).
 *
 * @example
 * ```ts
 * if (problem.code === 'edge.handle-unknown') highlightHandle(problem.edgeId);
 * PROBLEM_CODES['node.unreachable'].severity; // 'warning'
 * ```
 */
export const PROBLEM_CODES = {
  'limit.nodes': {
    severity: 'error',
    description: 'More nodes than LIMITS.maxNodes; nothing else was checked.',
  },
  'limit.edges': {
    severity: 'error',
    description: 'More edges than LIMITS.maxEdges; nothing else was checked.',
  },
  'limit.depth': {
    severity: 'error',
    description: 'JSON nested deeper than LIMITS.maxJsonDepth; nothing else was checked.',
  },
  'limit.values': {
    severity: 'error',
    description: 'More JSON values than LIMITS.maxJsonValues; nothing else was checked.',
  },
  'limit.string': {
    severity: 'error',
    description: 'A string or key longer than LIMITS.maxStringLength; nothing else was checked.',
  },
  'graph.schema-version-old': {
    severity: 'error',
    description: 'schemaVersion is older than CURRENT_SCHEMA_VERSION (or missing): run migrateGraph first.',
  },
  'graph.schema-version-new': {
    severity: 'error',
    description: 'schemaVersion is newer than this build understands: upgrade Crossroads.',
  },
  'structure.invalid': {
    severity: 'error',
    description:
      'The document does not match the Graph schema at `path` (wrong type, missing field, bad id…).',
  },
  'structure.unknown-key': {
    severity: 'warning',
    description: 'A field the Graph schema does not know (a typo?); it is dropped on save.',
  },
  'node.duplicate-id': {
    severity: 'error',
    description: 'Two nodes share an id; the later one is reported.',
  },
  'node.type-unknown': { severity: 'error', description: 'No registered node type has this name.' },
  'node.version-unknown': {
    severity: 'error',
    description: 'The node type exists but not at this version; the message lists known versions.',
  },
  'node.config-invalid': {
    severity: 'error',
    description: "The node's config fails its type's configSchema at `path` (nodes[i].config.<field>).",
  },
  'node.definition-failed': {
    severity: 'error',
    description: "The node type's outputsFor/logicFields threw for this config (a bug in the node type).",
  },
  'node.unreachable': {
    severity: 'warning',
    description: 'No path leads from the trigger to this node: it never runs. Harmless while drafting.',
  },
  'edge.duplicate-id': {
    severity: 'error',
    description: 'Two edges share an id; the later one is reported.',
  },
  'edge.duplicate': {
    severity: 'error',
    description: 'Another edge already connects the same source, sourceHandle and target.',
  },
  'edge.source-missing': { severity: 'error', description: 'The edge leaves a node id that does not exist.' },
  'edge.target-missing': { severity: 'error', description: 'The edge enters a node id that does not exist.' },
  'edge.handle-unknown': {
    severity: 'error',
    description: 'sourceHandle is not one of the outputs of the source node (for its current config).',
  },
  'edge.into-trigger': { severity: 'error', description: 'Edges may not enter a trigger node.' },
  'output.multiple-edges': {
    severity: 'error',
    description: 'One output has edges to several targets; an output leads to exactly one next node.',
  },
  'output.unconnected': { severity: 'error', description: 'A required output of the node has no edge.' },
  'trigger.missing': { severity: 'error', description: 'The graph has no node of kind trigger.' },
  'trigger.multiple': {
    severity: 'error',
    description: 'The graph has more than one trigger; every trigger after the first is reported.',
  },
  'cycle.no-wait': {
    severity: 'error',
    description:
      'A cycle passes through no node of kind wait, so a contact could loop forever without pause.',
  },
  'logic.check-failed': { severity: 'error', description: 'validateLogic threw on this rule (a bug).' },
  'migrate.not-object': {
    severity: 'error',
    description: 'migrateGraph was given something other than an object.',
  },
  'migrate.version-invalid': {
    severity: 'error',
    description: 'schemaVersion is not a whole number ≥ 0, so the format is unknown.',
  },
  'migrate.version-newer': {
    severity: 'error',
    description:
      'schemaVersion is newer than this build: upgrade Crossroads rather than downgrade the graph.',
  },
  'migrate.no-path': { severity: 'error', description: 'No migration leads from this schemaVersion onward.' },
  'migrate.failed': { severity: 'error', description: 'A migration threw on this document.' },
  'node.migration-failed': {
    severity: 'warning',
    description:
      "A node config migration threw or returned a config its version's schema rejects; the node was left as is.",
  },
  'internal.error': {
    severity: 'error',
    description: 'validateGraph caught an unexpected exception (e.g. a throwing getter); please report it.',
  },
} as const satisfies Record<string, { severity: Severity; description: string }>;

/** A code from PROBLEM_CODES, or a `logic.*` code passed through from `validateLogic`. */
export type ProblemCode = keyof typeof PROBLEM_CODES;

/** Where a problem sits: always a path, plus node/edge ids when known. */
export interface ProblemLocation {
  path: string;
  nodeId?: string;
  edgeId?: string;
}

/** Builds a Problem whose severity comes from the catalogue. */
export function problem(code: ProblemCode, where: ProblemLocation, message: string): Problem {
  const out: Problem = { code, severity: PROBLEM_CODES[code].severity, path: where.path, message };
  if (where.nodeId !== undefined) out.nodeId = where.nodeId;
  if (where.edgeId !== undefined) out.edgeId = where.edgeId;
  return out;
}
