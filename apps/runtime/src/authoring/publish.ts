import { canonicalJson, type Graph, hashGraph, type Problem } from '@crossroads/graph-schema';
import { checkGraphPacks, type Registry, recordGraphPacks } from '@crossroads/nodes';
import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';
import { closeDraftSession } from './draftSessions.js';
import { checkGraph } from './graphChecks.js';
import { activateIn, type EnrolExisting } from './lifecycle.js';
import { currentSegments, pinnedSegments, pinSegments, type SegmentPin, samePins } from './segmentPins.js';
import { runTestCases, type TestCaseResult } from './testCases.js';
import { getVersion, type VersionSummary } from './versions.js';
import type { Actor, WorkflowSummary } from './workflows.js';

export interface PublishInput {
  message: string;
  /** Make the new version the live one in the same step (its own audit entry). */
  activate?: boolean | undefined;
  /** Publish although saved test cases fail; the reason is audited. */
  override?: { reason: string } | undefined;
  /** With `activate`: the contacts already in the trigger's segment, counted by the caller, to enrol. */
  enrolExisting?: EnrolExisting | undefined;
}

export type PublishResult =
  | { ok: true; version: VersionSummary; workflow: WorkflowSummary | null }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; problems: Problem[] }
  | { ok: false; reason: 'tests-failed'; failed: TestCaseResult[]; total: number }
  | { ok: false; reason: 'identical'; version: number }
  | { ok: false; reason: 'draft-changed'; detail: string };

interface Prepared {
  graph: Graph;
  hash: string;
  problems: Problem[];
  pins: SegmentPin[];
}

/**
 * The draft as it would be published: checked, with the pack versions it runs with recorded, its
 * hash and the segment revisions it would pin. Problems with an error mean it cannot be.
 */
async function prepare(
  sql: Queryable,
  workspaceId: string,
  registry: Registry,
  draft: unknown,
): Promise<Prepared | { problems: Problem[] }> {
  const checked = await checkGraph(sql, workspaceId, registry, draft);
  const graph = checked.graph && recordGraphPacks(checked.graph, registry);
  const problems = graph ? [...checked.problems, ...checkGraphPacks(graph, registry)] : checked.problems;
  if (!graph || problems.some((p) => p.severity === 'error')) return { problems };
  return { graph, problems, hash: hashGraph(graph), pins: await currentSegments(sql, workspaceId, graph) };
}

/** The latest version when the prepared draft is the same content: same graph, same segment revisions. */
async function identicalLatest(
  sql: Queryable,
  workflowId: string,
  prepared: Prepared,
): Promise<number | null> {
  const [latest] = await sql<{ version: number; hash: string }[]>`
    select version, hash from workflow_versions where workflow_id = ${workflowId} order by version desc limit 1`;
  if (!latest || latest.hash !== prepared.hash) return null;
  const pins = (await pinnedSegments(sql, workflowId, [latest.version])).get(latest.version) ?? [];
  return samePins(pins, prepared.pins) ? latest.version : null;
}

/**
 * Publishes the current draft as the next version (1, 2, 3… per workflow), as the editor does:
 * refused when the draft has errors (warnings are fine), when it is the same content as the latest
 * version (graph and segment revisions), or when a saved test case fails, unless `override` gives
 * a reason (audited). The version stores the canonical graph and its hash and pins the current
 * revision of each segment it names. The draft's open editing session closes into the log first;
 * with `activate` the version goes live in the same transaction.
 */
export async function publishVersion(
  sql: Sql,
  actor: Actor,
  registry: Registry,
  workflowId: string,
  input: PublishInput,
): Promise<PublishResult> {
  const [workflow] = await sql<{ draft: unknown; draftRevision: number }[]>`
    select draft, draft_revision from workflows where workspace_id = ${actor.workspaceId} and id = ${workflowId}`;
  if (!workflow) return { ok: false, reason: 'not-found' };
  const checked = await prepare(sql, actor.workspaceId, registry, workflow.draft);
  if (!('graph' in checked)) return { ok: false, reason: 'invalid', problems: checked.problems };
  const same = await identicalLatest(sql, workflowId, checked);
  if (same !== null) return { ok: false, reason: 'identical', version: same };
  // The same run as the editor's publish dialog: every saved case against the draft.
  const results = (await runTestCases(sql, registry, actor.workspaceId, workflowId)) ?? [];
  const failed = results.filter((r) => !r.passed);
  if (failed.length > 0 && !input.override) {
    return { ok: false, reason: 'tests-failed', failed, total: results.length };
  }

  return sql.begin(async (tx): Promise<PublishResult> => {
    const [locked] = await tx<{ draftRevision: number }[]>`
      select draft_revision from workflows where id = ${workflowId} for update`;
    if (!locked) return { ok: false, reason: 'not-found' };
    if (locked.draftRevision !== workflow.draftRevision) {
      const detail = `The draft was saved again while it was being checked (revision ${workflow.draftRevision} → ${locked.draftRevision}): publish again`;
      return { ok: false, reason: 'draft-changed', detail };
    }
    // Segments may have changed since, and another publish may have just landed.
    const pins = await currentSegments(tx, actor.workspaceId, checked.graph);
    const prepared = { ...checked, pins };
    const sameNow = await identicalLatest(tx, workflowId, prepared);
    if (sameNow !== null) return { ok: false, reason: 'identical', version: sameNow };
    // Canonical form (nodes and edges sorted by id); jsonb then normalises key order itself.
    const [row] = await tx<{ version: number }[]>`
      insert into workflow_versions (workspace_id, workflow_id, version, hash, graph, message, published_by)
      select ${actor.workspaceId}, ${workflowId}, coalesce(max(version), 0) + 1, ${prepared.hash},
             ${tx.json(JSON.parse(canonicalJson(prepared.graph)))}, ${input.message}, ${actor.name}
      from workflow_versions where workflow_id = ${workflowId}
      returning version`;
    const version = row!.version;
    await pinSegments(tx, actor.workspaceId, workflowId, version, pins);
    await tx`update workflows set updated_at = now() where id = ${workflowId}`;
    await closeDraftSession(tx, workflowId, registry);
    const override =
      failed.length > 0 && input.override
        ? { reason: input.override.reason, failed: failed.map((f) => f.name) }
        : null;
    if (override) {
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'test-cases.overridden',
        workflowId,
        subject: `${override.failed.length} failing`,
        details: { ...override, version },
      });
    }
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'version.published',
      workflowId,
      subject: `v${version}`,
      details: {
        version,
        hash: prepared.hash,
        message: input.message,
        warnings: prepared.problems.length,
        segments: pins.map((p) => ({ name: p.name, revision: p.revision })),
        tests: { run: results.length, failed: failed.length },
        ...(override && { override }),
      },
    });
    // A version goes live only by activation, a separate audited step (here in the same transaction).
    const activated = input.activate
      ? await activateIn(tx, actor, workflowId, {
          version,
          ...(input.enrolExisting && { enrolExisting: input.enrolExisting }),
        })
      : null;
    const published = (await getVersion(tx, actor.workspaceId, workflowId, version))!;
    const { graph: _graph, ...summary } = published;
    return { ok: true, version: summary, workflow: activated?.ok ? activated.workflow : null };
  });
}
