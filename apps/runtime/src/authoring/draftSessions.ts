import { diffGraphs, Graph } from '@crossroads/graph-schema';
import { builtinRegistry, type Registry } from '@crossroads/nodes';
import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';

/** A session with no save for this long is over: the next save starts a new one. */
export const DRAFT_SESSION_QUIET_MS = 10 * 60_000;
/** Summary lines kept in one entry; the count of the rest is kept too. */
const MAX_LINES = 100;

interface OpenSession {
  actor: string;
  baseGraph: unknown;
  baseRevision: number;
  saves: number;
  startedAt: Date;
  lastSavedAt: Date;
}

const typeTitleOf = (registry: Registry) => (type: string) => registry.latest(type)?.title ?? type;

/**
 * Closes the workflow's open editing session, if any, as one `draft.edited` audit entry carrying
 * the semantic diff from the draft as the session found it to the draft now: the summary lines of
 * the version diff (`diffGraphs`). A session whose saves changed nothing leaves no entry. Call with
 * the workflow row locked.
 */
export async function closeDraftSession(
  tx: Queryable,
  workflowId: string,
  registry: Registry = builtinRegistry,
): Promise<void> {
  const [session] = await tx<OpenSession[]>`
    delete from draft_edit_sessions where workflow_id = ${workflowId}
    returning actor, base_graph, base_revision, saves, started_at, last_saved_at`;
  if (!session) return;
  const [workflow] = await tx<{ workspaceId: string; draft: unknown; draftRevision: number }[]>`
    select workspace_id, draft, draft_revision from workflows where id = ${workflowId}`;
  if (!workflow) return;
  const before = Graph.safeParse(session.baseGraph);
  const after = Graph.safeParse(workflow.draft);
  const diff =
    before.success && after.success
      ? diffGraphs(before.data, after.data, { typeTitle: typeTitleOf(registry) })
      : null;
  if (diff && diff.changes.length === 0) return;
  const lines = diff?.changes.map((change) => change.summary) ?? [];
  await recordAudit(tx, {
    workspaceId: workflow.workspaceId,
    actor: session.actor,
    action: 'draft.edited',
    workflowId,
    subject: `revision ${session.baseRevision} → ${workflow.draftRevision}`,
    details: {
      saves: session.saves,
      startedAt: session.startedAt.toISOString(),
      endedAt: session.lastSavedAt.toISOString(),
      fromRevision: session.baseRevision,
      toRevision: workflow.draftRevision,
      changes: lines.slice(0, MAX_LINES),
      ...(lines.length > MAX_LINES && { moreChanges: lines.length - MAX_LINES }),
      ...(diff
        ? { counts: diff.counts, semantic: diff.semantic }
        : { note: 'the draft was not a whole graph' }),
    },
  });
}

/**
 * Records a draft save in the workflow's editing session (one per actor at a time): the same
 * actor saving again within the quiet interval extends it; another actor, or a save after the
 * quiet interval, closes it (one audit entry) and opens a new one. Call from the save's
 * transaction with the workflow row locked, before the new draft is written: a new session starts
 * from the draft as it was.
 */
export async function recordDraftEdit(
  tx: Queryable,
  actor: { workspaceId: string; name: string },
  workflowId: string,
  registry?: Registry,
): Promise<void> {
  const [open] = await tx<{ actor: string; quiet: boolean }[]>`
    select actor, last_saved_at < now() - ${DRAFT_SESSION_QUIET_MS} * interval '1 millisecond' as quiet
    from draft_edit_sessions where workflow_id = ${workflowId}`;
  if (open && open.actor === actor.name && !open.quiet) {
    await tx`update draft_edit_sessions set saves = saves + 1, last_saved_at = now()
             where workflow_id = ${workflowId}`;
    return;
  }
  if (open) await closeDraftSession(tx, workflowId, registry);
  await tx`
    insert into draft_edit_sessions (workflow_id, workspace_id, actor, base_graph, base_revision)
    select id, workspace_id, ${actor.name}, draft, draft_revision from workflows
    where id = ${workflowId} and workspace_id = ${actor.workspaceId}`;
}

/**
 * Closes every session quiet for longer than `quietMs` (the worker's sweep), each in its own
 * transaction with its workflow locked, as saves and publishes take them. Returns how many closed.
 */
export async function closeQuietDraftSessions(
  sql: Sql,
  registry: Registry,
  logger: Logger,
  quietMs = DRAFT_SESSION_QUIET_MS,
): Promise<number> {
  const quiet = await sql<{ workflowId: string }[]>`
    select workflow_id from draft_edit_sessions
    where last_saved_at < now() - ${quietMs} * interval '1 millisecond'
    order by last_saved_at limit 100`;
  let closed = 0;
  for (const { workflowId } of quiet) {
    await sql.begin(async (tx) => {
      await tx`select 1 from workflows where id = ${workflowId} for update`;
      const [still] = await tx`
        select 1 from draft_edit_sessions
        where workflow_id = ${workflowId} and last_saved_at < now() - ${quietMs} * interval '1 millisecond'`;
      if (!still) return;
      await closeDraftSession(tx, workflowId, registry);
      closed++;
    });
  }
  if (closed > 0) logger.debug({ closed }, 'closed quiet draft editing sessions');
  return closed;
}
