import { Graph, type LogicRule } from '@crossroads/graph-schema';
import {
  compiledJourney,
  JourneyCompileError,
  type Registry,
  type SimulatedEvent,
  type SimulatedPriority,
  SimulationInputError,
  simulateJourney,
  withPackFacts,
} from '@crossroads/nodes';
import type { Sql } from '../db/connect.js';

export type SimulationOutcome =
  | { ok: true; result: ReturnType<typeof simulateJourney> }
  | { ok: false; reason: 'not-found' | 'version-not-found' }
  | { ok: false; reason: 'invalid-graph'; path: string; message: string; nodeId?: string }
  | { ok: false; reason: 'invalid-input'; path: string; message: string };

export interface SimulateRequest {
  graph?: unknown;
  version?: number | undefined;
  contact: Record<string, unknown>;
  events: SimulatedEvent[];
  start?: string | undefined;
  /** Split arms to take: split node id → arm id. */
  pinned?: Record<string, string> | undefined;
}

/**
 * Runs `simulateJourney` for a workflow's draft, one of its versions, or a graph given in the
 * request, with the workspace's segments. Nothing is written.
 */
export async function simulateWorkflow(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  workflowId: string,
  request: SimulateRequest,
): Promise<SimulationOutcome> {
  const [workflow] = await sql<
    { draft: unknown; name: string; priority: number; exclusiveGroup: string | null; preempt: boolean }[]
  >`
    select draft, name, priority, exclusive_group, preempt from workflows where id = ${workflowId} and workspace_id = ${workspaceId}`;
  if (!workflow) return { ok: false, reason: 'not-found' };
  let source = request.graph ?? workflow.draft;
  if (request.graph === undefined && request.version !== undefined) {
    const [version] = await sql<{ graph: unknown }[]>`
      select graph from workflow_versions where workflow_id = ${workflowId} and version = ${request.version}`;
    if (!version) return { ok: false, reason: 'version-not-found' };
    source = version.graph;
  }
  const parsed = Graph.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: 'invalid-graph',
      path: `graph.${issue?.path.join('.') ?? ''}`,
      message: issue?.message ?? 'invalid',
    };
  }
  // A version runs with the segment revisions it pinned; a draft or a given graph with today's.
  const segmentRows =
    request.graph === undefined && request.version !== undefined
      ? await sql<{ name: string; rule: LogicRule }[]>`
          select p.segment_name as name, r.rule from version_segments p
          join segment_revisions r on r.segment_id = p.segment_id and r.revision = p.revision
          where p.workflow_id = ${workflowId} and p.version = ${request.version}`
      : await sql<{ name: string; rule: LogicRule }[]>`
          select name, rule from segments where workspace_id = ${workspaceId}`;
  const segments = Object.fromEntries(segmentRows.map((s) => [s.name, s.rule]));
  const contactId = typeof request.contact.id === 'string' ? request.contact.id : 'simulated-contact';
  try {
    const priority = await groupRivals(sql, registry, workspaceId, workflowId, workflow);
    // Pack nodes' configs are parsed in their sandbox: replayed until known.
    const result = await withPackFacts(() =>
      simulateJourney({
        graph: parsed.data,
        registry,
        contact: { ...request.contact, id: contactId },
        events: request.events,
        segments,
        ...(request.start && { start: request.start }),
        ...(request.pinned && { pinned: request.pinned }),
        ...(priority && { priority }),
      }),
    );
    return { ok: true, result };
  } catch (error) {
    if (error instanceof JourneyCompileError) {
      return {
        ok: false,
        reason: 'invalid-graph',
        path: 'graph',
        message: error.message,
        ...(error.nodeId && { nodeId: error.nodeId }),
      };
    }
    if (error instanceof SimulationInputError) {
      return { ok: false, reason: 'invalid-input', path: error.path, message: error.message };
    }
    throw error;
  }
}

/**
 * The other live journeys of the workflow's exclusive group, compiled, for the simulator: a
 * contact they would win is shown as not enrolled, one a pre-empting journey takes as ended.
 */
async function groupRivals(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  workflowId: string,
  self: { name: string; priority: number; exclusiveGroup: string | null; preempt: boolean },
): Promise<SimulatedPriority | undefined> {
  if (!self.exclusiveGroup) return undefined;
  const rows = await sql<
    { id: string; name: string; priority: number; preempt: boolean; hash: string; graph: Graph }[]
  >`
    select w.id, w.name, w.priority, w.preempt, v.hash, v.graph from workflows w
    join workflow_versions v on v.workflow_id = w.id and v.version = w.active_version
    where w.workspace_id = ${workspaceId} and w.exclusive_group = ${self.exclusiveGroup}
      and w.status = 'active' and w.id <> ${workflowId}
    order by w.priority, w.created_at, w.id`;
  const others: NonNullable<SimulatedPriority['others']>[number][] = [];
  for (const row of rows) {
    const priority = {
      name: row.name,
      priority: row.priority,
      group: self.exclusiveGroup,
      preempt: row.preempt,
    };
    // A rival that no longer compiles enrols nobody in the runtime either.
    const journey = await withPackFacts(() => compiledJourney(row.graph, registry, row.hash)).catch(
      () => undefined,
    );
    if (journey) others.push({ workflowId: row.id, priority, journey });
  }
  const group = self.exclusiveGroup;
  return { self: { name: self.name, priority: self.priority, group, preempt: self.preempt }, others };
}
