import {
  canonicalJson,
  diffGraphs,
  type Graph,
  type GraphDiff,
  hashGraph,
  type Problem,
} from '@crossroads/graph-schema';
import { checkGraphPacks, type Registry, recordGraphPacks } from '@crossroads/nodes';
import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';
import { checkGraph } from './graphChecks.js';
import type { Actor } from './workflows.js';

export interface VersionSummary {
  version: number;
  hash: string;
  message: string;
  publishedBy: string;
  publishedAt: Date;
  /** True for the workflow's active version (also while the workflow is paused on it). */
  active: boolean;
  /** Enrollments pinned to this version (a contact that re-entered counts once per entry). */
  contacts: number;
}

export interface VersionDetail extends VersionSummary {
  graph: Graph;
}

export type PublishResult =
  | { ok: true; version: VersionSummary }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; problems: Problem[] };

/**
 * Publishes the current draft as the next version (1, 2, 3… per workflow). The workflow row is
 * locked `for update` first, so concurrent publishes queue up and take distinct numbers. Refused
 * when the draft has errors (warnings are fine). Stores the canonical graph and its hash.
 */
export async function publishVersion(
  sql: Sql,
  actor: Actor,
  registry: Registry,
  workflowId: string,
  message: string,
): Promise<PublishResult> {
  return sql.begin(async (tx): Promise<PublishResult> => {
    const [workflow] = await tx<{ draft: unknown }[]>`
      select draft from workflows where workspace_id = ${actor.workspaceId} and id = ${workflowId} for update`;
    if (!workflow) return { ok: false, reason: 'not-found' };
    const checked = await checkGraph(tx, actor.workspaceId, registry, workflow.draft);
    // A published version pins the pack versions it runs with: record any the draft left out,
    // then refuse packs that are missing or incompatible.
    const graph = checked.graph && recordGraphPacks(checked.graph, registry);
    const problems = graph ? [...checked.problems, ...checkGraphPacks(graph, registry)] : checked.problems;
    if (!graph || problems.some((p) => p.severity === 'error')) {
      return { ok: false, reason: 'invalid', problems };
    }
    const hash = hashGraph(graph);
    // Canonical form (nodes and edges sorted by id); jsonb then normalises key order itself.
    const [row] = await tx<Array<Omit<VersionSummary, 'active' | 'contacts'>>>`
      insert into workflow_versions (workspace_id, workflow_id, version, hash, graph, message, published_by)
      select ${actor.workspaceId}, ${workflowId}, coalesce(max(version), 0) + 1, ${hash},
             ${tx.json(JSON.parse(canonicalJson(graph)))}, ${message}, ${actor.name}
      from workflow_versions where workflow_id = ${workflowId}
      returning version, hash, message, published_by, published_at`;
    const version = row!.version;
    await tx`update workflows set updated_at = now() where id = ${workflowId}`;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'version.published',
      workflowId,
      subject: `v${version}`,
      details: { version, hash, message, warnings: problems.length },
    });
    // A new version is never the active one yet: activating it is a separate, audited step.
    return { ok: true, version: { ...row!, active: false, contacts: 0 } };
  });
}

/** Versions of a workflow, newest first; null when the workflow is not in this workspace. */
export async function listVersions(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
): Promise<VersionSummary[] | null> {
  const [workflow] = await sql`
    select 1 from workflows where workspace_id = ${workspaceId} and id = ${workflowId}`;
  if (!workflow) return null;
  return sql<VersionSummary[]>`
    select v.version, v.hash, v.message, v.published_by, v.published_at,
           coalesce(v.version = w.active_version, false) as active,
           (select count(*)::int from enrollments e where e.workflow_id = v.workflow_id and e.version = v.version)
             as contacts
    from workflow_versions v join workflows w on w.id = v.workflow_id
    where v.workspace_id = ${workspaceId} and v.workflow_id = ${workflowId}
    order by v.version desc`;
}

/** One version with its graph, or null. */
export async function getVersion(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  version: number,
): Promise<VersionDetail | null> {
  const [row] = await sql<VersionDetail[]>`
    select v.version, v.hash, v.message, v.published_by, v.published_at, v.graph,
           coalesce(v.version = w.active_version, false) as active,
           (select count(*)::int from enrollments e where e.workflow_id = v.workflow_id and e.version = v.version)
             as contacts
    from workflow_versions v join workflows w on w.id = v.workflow_id
    where v.workspace_id = ${workspaceId} and v.workflow_id = ${workflowId} and v.version = ${version}`;
  return row ?? null;
}

export type DiffSide = number | 'draft';

export type DiffResult =
  | { ok: true; diff: GraphDiff }
  | { ok: false; missing: 'workflow' | 'from' | 'to'; detail: string; problems?: Problem[] };

/** Semantic diff between two versions, or a version and the draft (`'draft'`). */
export async function diffVersions(
  sql: Queryable,
  workspaceId: string,
  registry: Registry,
  workflowId: string,
  from: DiffSide,
  to: DiffSide,
): Promise<DiffResult> {
  const [workflow] = await sql<{ draft: unknown }[]>`
    select draft from workflows where workspace_id = ${workspaceId} and id = ${workflowId}`;
  if (!workflow) return { ok: false, missing: 'workflow', detail: 'Workflow was not found' };
  const load = async (side: DiffSide, name: 'from' | 'to'): Promise<{ graph: Graph } | DiffResult> => {
    if (side === 'draft') {
      const checked = await checkGraph(sql, workspaceId, registry, workflow.draft);
      if (checked.graph) return { graph: checked.graph };
      return {
        ok: false,
        missing: name,
        detail: 'The draft is not a valid graph',
        problems: checked.problems,
      };
    }
    const version = await getVersion(sql, workspaceId, workflowId, side);
    if (version) return { graph: version.graph };
    return { ok: false, missing: name, detail: `Version ${side} of this workflow was not found` };
  };
  const a = await load(from, 'from');
  if (!('graph' in a)) return a;
  const b = await load(to, 'to');
  if (!('graph' in b)) return b;
  const typeTitle = (type: string) => registry.latest(type)?.title ?? type;
  return { ok: true, diff: diffGraphs(a.graph, b.graph, { typeTitle }) };
}
