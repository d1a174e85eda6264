import { type SchemaRegistry, segmentRefs } from '@crossroads/nodes';
import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';

export interface Segment {
  id: string;
  name: string;
  description: string;
  rule: unknown;
  /** Every change of rule (or name) is a new, immutable revision; versions pin the one they used. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A workflow version (or draft) whose nodes name a segment. */
export interface SegmentUser {
  workflowId: string;
  workflowName: string;
  version: number | 'draft';
  nodeIds: string[];
}

export async function listSegments(sql: Queryable, workspaceId: string): Promise<Segment[]> {
  return sql<Segment[]>`
    select id, name, description, rule, revision, created_at, updated_at
    from segments where workspace_id = ${workspaceId} order by name`;
}

export async function getSegment(sql: Queryable, workspaceId: string, id: string): Promise<Segment | null> {
  const [row] = await sql<Segment[]>`
    select id, name, description, rule, revision, created_at, updated_at
    from segments where workspace_id = ${workspaceId} and id = ${id}`;
  return row ?? null;
}

/**
 * Every published version and draft in the workspace that names the segment, newest version
 * first per workflow, with the nodes that use it. Postgres pre-filters with a JSON path (any config
 * value equal to the name); the node ids come from the same `segmentRefs` reader that validation
 * uses, which knows from each node type's schema which fields name segments.
 */
export async function segmentUsage(
  sql: Queryable,
  registry: SchemaRegistry,
  workspaceId: string,
  name: string,
): Promise<SegmentUser[]> {
  const uses = '$.nodes[*].config.** ? (@ == $name)';
  const vars = sql.json({ name });
  const rows = await sql<
    Array<{ workflowId: string; workflowName: string; version: number | null; graph: unknown }>
  >`
    select w.id as workflow_id, w.name as workflow_name, null::integer as version, w.draft as graph
    from workflows w
    where w.workspace_id = ${workspaceId} and jsonb_path_exists(w.draft, ${uses}, ${vars})
    union all
    select w.id, w.name, v.version, v.graph
    from workflow_versions v join workflows w on w.id = v.workflow_id
    where v.workspace_id = ${workspaceId} and jsonb_path_exists(v.graph, ${uses}, ${vars})
    order by workflow_name, workflow_id, version desc nulls first`;
  return rows.map((row) => {
    const nodes = (row.graph as { nodes?: unknown }).nodes;
    const refs = Array.isArray(nodes) ? segmentRefs({ nodes }, registry) : [];
    return {
      workflowId: row.workflowId,
      workflowName: row.workflowName,
      version: row.version ?? 'draft',
      nodeIds: [...new Set(refs.filter((ref) => ref.name === name).map((ref) => ref.nodeId))],
    };
  });
}

export type SegmentWriteResult =
  | { ok: true; segment: Segment }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'name-taken'; name: string }
  | { ok: false; reason: 'in-use'; users: SegmentUser[] };

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';

export async function createSegment(
  sql: Sql,
  actor: { workspaceId: string; name: string },
  input: { name: string; description?: string | undefined; rule: unknown },
): Promise<SegmentWriteResult> {
  try {
    return await sql.begin(async (tx): Promise<SegmentWriteResult> => {
      const [segment] = await tx<Segment[]>`
        insert into segments (workspace_id, name, description, rule)
        values (${actor.workspaceId}, ${input.name}, ${input.description ?? ''}, ${tx.json(input.rule as never)})
        returning id, name, description, rule, revision, created_at, updated_at`;
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'segment.created',
        subject: input.name,
        details: { id: segment!.id, revision: segment!.revision, rule: segment!.rule },
      });
      return { ok: true, segment: segment! };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'name-taken', name: input.name };
    throw error;
  }
}

/**
 * Changes a segment. Its rule may change while workflows use it: a changed rule is a new revision
 * (the database numbers and stores it, migration 091), which drafts and the next publish use;
 * published versions keep the revision they pinned. Not its name while in use: graphs refer to
 * segments by name, so a rename would break them.
 */
export async function updateSegment(
  sql: Sql,
  registry: SchemaRegistry,
  actor: { workspaceId: string; name: string },
  id: string,
  patch: { name?: string | undefined; description?: string | undefined; rule?: unknown },
): Promise<SegmentWriteResult> {
  try {
    return await sql.begin(async (tx): Promise<SegmentWriteResult> => {
      const [current] = await tx<Segment[]>`
        select id, name, description, rule, revision from segments
        where workspace_id = ${actor.workspaceId} and id = ${id} for update`;
      if (!current) return { ok: false, reason: 'not-found' };
      if (patch.name !== undefined && patch.name !== current.name) {
        const users = await segmentUsage(tx, registry, actor.workspaceId, current.name);
        if (users.length > 0) return { ok: false, reason: 'in-use', users };
      }
      const [segment] = await tx<Segment[]>`
        update segments set
          name = ${patch.name ?? current.name},
          description = ${patch.description ?? current.description},
          rule = ${tx.json((patch.rule === undefined ? current.rule : patch.rule) as never)},
          updated_at = now()
        where id = ${id}
        returning id, name, description, rule, revision, created_at, updated_at`;
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'segment.updated',
        subject: segment!.name,
        // Before and after, so the log alone says what the segment's rule was and became.
        details: {
          id,
          changed: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined),
          fromRevision: current.revision,
          toRevision: segment!.revision,
          before: { name: current.name, description: current.description, rule: current.rule },
          after: { name: segment!.name, description: segment!.description, rule: segment!.rule },
        },
      });
      return { ok: true, segment: segment! };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'name-taken', name: patch.name ?? '' };
    throw error;
  }
}

/** Deletes a segment no workflow version or draft uses. */
export async function deleteSegment(
  sql: Sql,
  registry: SchemaRegistry,
  actor: { workspaceId: string; name: string },
  id: string,
): Promise<SegmentWriteResult> {
  return sql.begin(async (tx): Promise<SegmentWriteResult> => {
    const [current] = await tx<Segment[]>`
      select id, name, description, rule, revision, created_at, updated_at from segments
      where workspace_id = ${actor.workspaceId} and id = ${id} for update`;
    if (!current) return { ok: false, reason: 'not-found' };
    const users = await segmentUsage(tx, registry, actor.workspaceId, current.name);
    if (users.length > 0) return { ok: false, reason: 'in-use', users };
    await tx`delete from segments where id = ${id}`;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'segment.deleted',
      subject: current.name,
      details: { id, revision: current.revision, rule: current.rule },
    });
    return { ok: true, segment: current };
  });
}

export interface SegmentRevision {
  revision: number;
  name: string;
  rule: unknown;
  hash: string;
  createdAt: Date;
  /** The versions that run with this revision. */
  pinnedBy: Array<{ workflowId: string; workflowName: string; version: number }>;
}

/** Every revision of a segment, newest first, with the versions pinning each; null when unknown. */
export async function segmentRevisions(
  sql: Queryable,
  workspaceId: string,
  id: string,
): Promise<SegmentRevision[] | null> {
  const [segment] = await sql`select 1 from segments where workspace_id = ${workspaceId} and id = ${id}`;
  if (!segment) return null;
  return sql<SegmentRevision[]>`
    select r.revision, r.name, r.rule, r.hash, r.created_at,
           coalesce(jsonb_agg(jsonb_build_object('workflowId', p.workflow_id, 'workflowName', w.name,
                                                 'version', p.version) order by w.name, p.version)
                      filter (where p.workflow_id is not null), '[]') as pinned_by
    from segment_revisions r
    left join version_segments p on p.segment_id = r.segment_id and p.revision = r.revision
    left join workflows w on w.id = p.workflow_id
    where r.workspace_id = ${workspaceId} and r.segment_id = ${id}
    group by r.segment_id, r.revision
    order by r.revision desc`;
}
