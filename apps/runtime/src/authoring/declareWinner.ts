import { Graph, semanticHash } from '@crossroads/graph-schema';
import { type Registry, replaceSplitWithArm } from '@crossroads/nodes';
import { recordAudit } from '../access/audit.js';
import type { Sql } from '../db/connect.js';
import { type SavingTab, saveDraft } from './drafts.js';
import { checkGraph } from './graphChecks.js';
import { type PublishResult, publishVersion } from './publish.js';
import type { Actor } from './workflows.js';

export interface DeclareWinnerInput {
  nodeId: string;
  arm: string;
  message?: string | undefined;
  /** Make the new version live (default: when the journey is live). */
  activate?: boolean | undefined;
}

export type DeclareWinnerResult =
  | PublishResult
  | { ok: false; reason: 'no-version' | 'draft-unpublished'; detail: string }
  | { ok: false; reason: 'not-a-split'; path: string; detail: string };

/**
 * "Declare winner": a new version of the latest one in which the split is replaced by the winning
 * arm (`replaceSplitWithArm`), published the normal way (checks, test cases, message, audit, diff)
 * through the draft. Refused while the draft holds changes not yet published, which the new
 * version would otherwise carry along unseen.
 */
export async function declareWinner(
  sql: Sql,
  actor: Actor,
  tab: SavingTab,
  registry: Registry,
  workflowId: string,
  input: DeclareWinnerInput,
): Promise<DeclareWinnerResult> {
  const [row] = await sql<{ draft: unknown; status: string; graph: Graph | null; version: number | null }[]>`
    select w.draft, w.status, v.graph, v.version from workflows w
    left join lateral (
      select graph, version from workflow_versions where workflow_id = w.id order by version desc limit 1
    ) v on true
    where w.workspace_id = ${actor.workspaceId} and w.id = ${workflowId}`;
  if (!row) return { ok: false, reason: 'not-found' };
  if (!row.graph || row.version === null) {
    return {
      ok: false,
      reason: 'no-version',
      detail: 'This journey has no published version with a split yet',
    };
  }
  const draft = Graph.safeParse(row.draft);
  if (!draft.success || semanticHash(draft.data) !== semanticHash(Graph.parse(row.graph))) {
    return {
      ok: false,
      reason: 'draft-unpublished',
      detail: `The draft has changes not in v${row.version}: publish or discard them before declaring a winner`,
    };
  }
  const replaced = replaceSplitWithArm(draft.data, input.nodeId, input.arm);
  if (!replaced.ok)
    return { ok: false, reason: 'not-a-split', path: replaced.path, detail: replaced.message };
  const split = draft.data.nodes.find((n) => n.id === input.nodeId)!;
  const armLabel =
    (split.config.arms as Array<{ id: string; label: string }>).find((a) => a.id === input.arm)?.label ??
    input.arm;
  const check = async (graph: unknown) =>
    (await checkGraph(sql, actor.workspaceId, registry, graph)).problems;
  const saved = await saveDraft(sql, actor, tab, workflowId, {
    graph: replaced.graph,
    problems: await check(replaced.graph),
    check,
  });
  if (!saved.ok)
    return { ok: false, reason: 'draft-changed', detail: 'The draft was saved meanwhile; try again' };
  const message =
    input.message ??
    `'${armLabel}' won the experiment '${split.label ?? 'Split'}' (v${row.version}): the split is replaced by it`;
  const published = await publishVersion(sql, actor, registry, workflowId, {
    message,
    activate: input.activate ?? row.status === 'active',
  });
  if (published.ok) {
    await sql.begin((tx) =>
      recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'experiment.winner-declared',
        workflowId,
        subject: `v${published.version.version}`,
        details: {
          nodeId: input.nodeId,
          arm: input.arm,
          label: armLabel,
          fromVersion: row.version,
          version: published.version.version,
          removedNodes: replaced.removedNodes,
        },
      }),
    );
  }
  return published;
}
