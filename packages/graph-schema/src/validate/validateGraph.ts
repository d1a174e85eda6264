import type { Graph } from '../graph.js';
import type { Problem } from '../problems.js';
import type { NodeRegistry } from '../registry.js';
import { problem } from './codes.js';
import { checkEdges } from './edges.js';
import { checkLimits } from './limits.js';
import { checkLogic } from './logic.js';
import { checkNodes } from './nodes.js';
import { parseStructure } from './structure.js';
import { checkTopology } from './topology.js';

/** Data roots a journey goal's `where` rule may read. */
const GOAL_ROOTS = ['contact', 'event', 'journey'] as const;

export interface ValidationResult {
  /** True when no problem is an error (warnings allowed): the graph may be saved and published. */
  ok: boolean;
  /**
   * The parsed graph (settings defaults filled in) whenever the document has the Graph shape,
   * even if semantic errors remain, so an editor can still render it. Absent when the structure
   * is broken or a limit was hit. Node configs are kept as written (not parsed by their schema).
   */
  graph?: Graph;
  /** Every problem found, in a stable order: limits, structure, nodes, edges, topology. */
  problems: Problem[];
}

/**
 * Validates an untrusted graph document against the schema and the node registry, returning
 * every problem at once (see PROBLEM_CODES). Never throws.
 *
 * Order of work: limits first (cheap, and the only check that stops early, so hostile input
 * cannot exhaust the server), then the zod structure, then per-node checks (type, version,
 * config, JSONLogic), edges, and graph topology (trigger, reachability, loops without a wait).
 * Checks that need a part that failed earlier skip it rather than report knock-on problems.
 *
 * Unreachable nodes are warnings: drafts often park nodes on the canvas, and a node no path
 * reaches can never run, so it cannot harm contacts. Everything that could misroute or stall a
 * contact is an error.
 *
 * @example
 * ```ts
 * const { ok, graph, problems } = validateGraph(await request.json(), registry);
 * if (!ok) return c.json({ problems }, 422);
 * ```
 */
export function validateGraph(input: unknown, registry: NodeRegistry): ValidationResult {
  try {
    const limit = checkLimits(input);
    if (limit) return { ok: false, problems: [limit] };

    const structure = parseStructure(input);
    const problems = structure.problems;
    if (structure.stop) return { ok: false, problems };
    const nodes = checkNodes(structure.nodes, registry, problems);
    const where = structure.settings?.goal?.where;
    if (where !== undefined) {
      for (const p of checkLogic(where, ['settings', 'goal', 'where'], {}, GOAL_ROOTS))
        problems.push({ ...p, message: `Journey goal: in the rule, ${p.message}` });
    }
    const edges = checkEdges(structure.edges, nodes, problems);
    checkTopology(nodes, edges, problems);

    const unique = dedupe(problems);
    const ok = !unique.some((found) => found.severity === 'error');
    return structure.graph ? { ok, graph: structure.graph, problems: unique } : { ok, problems: unique };
  } catch (error) {
    const message = `validation stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, problems: [problem('internal.error', { path: '(root)' }, message)] };
  }
}

/** The same problem reported twice (zod repeats an issue a union's options share) is listed once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\u0000${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
