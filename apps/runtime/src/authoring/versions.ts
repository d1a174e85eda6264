import { diffGraphs, type Graph, type GraphDiff, type Problem } from '@crossroads/graph-schema';
import type { Registry } from '@crossroads/nodes';
import type { Queryable } from '../db/connect.js';
import { type ActivationEvent, activationHistory } from './activationHistory.js';
import { checkGraph } from './graphChecks.js';
import {
  currentSegments,
  diffSegments,
  pinnedSegments,
  type SegmentChange,
  type SegmentPin,
} from './segmentPins.js';

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
  /** The segment revisions this version runs with. */
  segments: Array<Omit<SegmentPin, 'rule' | 'hash' | 'segmentId'>>;
  /** Who activated, paused, rolled back or replaced it, when and why, oldest first. */
  history: ActivationEvent[];
}

export interface VersionDetail extends VersionSummary {
  graph: Graph;
}

type VersionRow = Omit<VersionSummary, 'segments' | 'history'>;

async function withPinsAndHistory<R extends VersionRow>(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  rows: R[],
): Promise<Array<R & Pick<VersionSummary, 'segments' | 'history'>>> {
  if (rows.length === 0) return [];
  const [pins, history] = await Promise.all([
    pinnedSegments(
      sql,
      workflowId,
      rows.map((r) => r.version),
    ),
    activationHistory(sql, workspaceId, workflowId),
  ]);
  return rows.map((row) => ({
    ...row,
    segments: (pins.get(row.version) ?? []).map(({ name, revision, latestRevision }) => ({
      name,
      revision,
      latestRevision,
    })),
    history: history.get(row.version) ?? [],
  }));
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
  const rows = await sql<VersionRow[]>`
    select v.version, v.hash, v.message, v.published_by, v.published_at,
           coalesce(v.version = w.active_version, false) as active,
           (select count(*)::int from enrollments e where e.workflow_id = v.workflow_id and e.version = v.version)
             as contacts
    from workflow_versions v join workflows w on w.id = v.workflow_id
    where v.workspace_id = ${workspaceId} and v.workflow_id = ${workflowId}
    order by v.version desc`;
  return withPinsAndHistory(sql, workspaceId, workflowId, rows);
}

/** One version with its graph, or null. */
export async function getVersion(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  version: number,
): Promise<VersionDetail | null> {
  const rows = await sql<Array<VersionRow & { graph: Graph }>>`
    select v.version, v.hash, v.message, v.published_by, v.published_at, v.graph,
           coalesce(v.version = w.active_version, false) as active,
           (select count(*)::int from enrollments e where e.workflow_id = v.workflow_id and e.version = v.version)
             as contacts
    from workflow_versions v join workflows w on w.id = v.workflow_id
    where v.workspace_id = ${workspaceId} and v.workflow_id = ${workflowId} and v.version = ${version}`;
  const [row] = await withPinsAndHistory(sql, workspaceId, workflowId, rows);
  return row ?? null;
}

export type DiffSide = number | 'draft';

export type DiffResult =
  | { ok: true; diff: GraphDiff & { segments: SegmentChange[] } }
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
  type Side = { graph: Graph; segments: SegmentPin[] };
  const load = async (side: DiffSide, name: 'from' | 'to'): Promise<Side | DiffResult> => {
    if (side === 'draft') {
      const checked = await checkGraph(sql, workspaceId, registry, workflow.draft);
      if (checked.graph) {
        return { graph: checked.graph, segments: await currentSegments(sql, workspaceId, checked.graph) };
      }
      return {
        ok: false,
        missing: name,
        detail: 'The draft is not a valid graph',
        problems: checked.problems,
      };
    }
    const [version] = await sql<{ graph: Graph }[]>`
      select graph from workflow_versions
      where workspace_id = ${workspaceId} and workflow_id = ${workflowId} and version = ${side}`;
    if (version) {
      const pins = await pinnedSegments(sql, workflowId, [side]);
      return { graph: version.graph, segments: pins.get(side) ?? [] };
    }
    return { ok: false, missing: name, detail: `Version ${side} of this workflow was not found` };
  };
  const a = await load(from, 'from');
  if (!('graph' in a)) return a;
  const b = await load(to, 'to');
  if (!('graph' in b)) return b;
  const typeTitle = (type: string) => registry.latest(type)?.title ?? type;
  const segments = diffSegments(a.segments, b.segments);
  return { ok: true, diff: { ...diffGraphs(a.graph, b.graph, { typeTitle }), segments } };
}

export interface VersionContact {
  enrollmentId: string;
  contactId: string;
  state: string;
  startedAt: Date;
  endedAt: Date | null;
}

/**
 * The contacts that entered a version, newest entry first, a page at a time (keyset on the
 * enrollment id): which contacts ran on which version. Null when the version does not exist.
 */
export async function versionContacts(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  version: number,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: VersionContact[]; nextCursor: string | null } | null> {
  const [exists] = await sql`
    select 1 from workflow_versions
    where workspace_id = ${workspaceId} and workflow_id = ${workflowId} and version = ${version}`;
  if (!exists) return null;
  const rows = await sql<VersionContact[]>`
    select id::text as enrollment_id, contact_id, state, started_at, ended_at from enrollments
    where workspace_id = ${workspaceId} and workflow_id = ${workflowId} and version = ${version}
      ${page.cursor ? sql`and id < ${page.cursor}::bigint` : sql``}
    order by id desc
    limit ${page.limit + 1}`;
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.enrollmentId ?? null) : null };
}
