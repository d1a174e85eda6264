import {
  describeItem,
  type Graph,
  graphItems,
  itemValue,
  type MergeSide,
  mergeGraphs,
  type Problem,
  parseItemKey,
  sameItem,
} from '@crossroads/graph-schema';
import { recordAudit } from '../access/audit.js';
import type { Sql, TransactionSql } from '../db/connect.js';
import {
  conflictForApi,
  type DraftRevision,
  lastChangedBy,
  type ReplacedRecord,
  revisionsSince,
} from './draftHistory.js';
import { recordDraftEdit } from './draftSessions.js';
import type { Actor } from './workflows.js';

/** The editor tab behind a save: its key, and the tab's own id when it sent one. */
export interface SavingTab {
  keyId: string;
  keyName: string;
  session?: string | undefined;
}

export type SaveDraftResult =
  | { ok: true; draftRevision: number; updatedAt: Date; merged: boolean; graph: Graph; problems: Problem[] }
  | { ok: false; reason: 'not-found' }
  | {
      ok: false;
      reason: 'conflict';
      currentRevision: number;
      conflicts: ReturnType<typeof conflictForApi>[];
    };

export interface SaveDraftInput {
  graph: Graph;
  problems: Problem[];
  baseRevision?: number | undefined;
  keep?: Readonly<Record<string, MergeSide>> | undefined;
  /** Checks a merged graph (the same checks the route ran on the graph sent). */
  check(graph: Graph): Promise<Problem[]>;
}

/** How many revisions back a "keep mine" on the current draft looks for whose change it replaces. */
const RECENT = 50;

/**
 * Replaces the draft and bumps its revision. Without `baseRevision`, or when it is current, the
 * graph is stored as sent. When the draft moved on since `baseRevision`, the edit is merged
 * three-way (`mergeGraphs`) with what was saved since: edits to different items land together;
 * items both changed are conflicts, unless `keep` settles them or the other version is this tab's
 * own earlier save. A "keep mine" that replaces another tab's change is recorded with the
 * revision, so that tab is told (presence) and can reapply it.
 */
export async function saveDraft(
  sql: Sql,
  actor: Actor,
  tab: SavingTab,
  id: string,
  input: SaveDraftInput,
): Promise<SaveDraftResult> {
  return sql.begin(async (tx): Promise<SaveDraftResult> => {
    const [current] = await tx<{ draftRevision: number; draft: Graph }[]>`
      select draft_revision, draft from workflows
      where workspace_id = ${actor.workspaceId} and id = ${id} for update`;
    if (!current) return { ok: false, reason: 'not-found' };
    const stale = input.baseRevision !== undefined && input.baseRevision !== current.draftRevision;
    let graph = input.graph;
    let problems = input.problems;
    let replaced: ReplacedRecord[] = [];
    if (stale) {
      const settled = await mergeStale(tx, id, current, input, tab);
      if (!settled.ok) return settled;
      ({ graph, replaced } = settled);
      problems = await input.check(graph);
    } else if (input.keep) {
      replaced = await replacedOnCurrent(tx, id, current, input.graph, input.keep, tab);
    }
    // Audited per editing session, not per save (the entry is written when the session closes).
    await recordDraftEdit(tx, actor, id);
    const [saved] = await tx<{ draftRevision: number; updatedAt: Date }[]>`
      update workflows
      set draft = ${tx.json(graph as never)}, draft_revision = draft_revision + 1, updated_at = now()
      where workspace_id = ${actor.workspaceId} and id = ${id}
      returning draft_revision, updated_at`;
    const draftRevision = saved!.draftRevision;
    // The revision row itself is written by the workflows trigger; say who saved it.
    await tx`
      update workflow_draft_revisions
      set key_id = ${tab.keyId}, key_name = ${tab.keyName}, session = ${tab.session ?? null},
          replaced = ${tx.json(replaced as never)}
      where workflow_id = ${id} and revision = ${draftRevision}`;
    // A merge or a "keep mine" that replaced another tab's change is worth an entry of its own.
    if (stale || replaced.length > 0) {
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'draft.saved',
        workflowId: id,
        details: {
          draftRevision,
          errors: problems.filter((p) => p.severity === 'error').length,
          ...(stale ? { mergedFrom: input.baseRevision } : {}),
          ...(replaced.length > 0 ? { replaced: replaced.map((r) => r.label) } : {}),
        },
      });
    }
    return { ok: true, draftRevision, updatedAt: saved!.updatedAt, merged: stale, graph, problems };
  });
}

type Merged =
  | { ok: true; graph: Graph; replaced: ReplacedRecord[] }
  | Extract<SaveDraftResult, { reason: 'conflict' }>;

async function mergeStale(
  tx: TransactionSql,
  id: string,
  current: { draftRevision: number; draft: Graph },
  input: SaveDraftInput,
  tab: SavingTab,
): Promise<Merged> {
  const base = input.baseRevision as number;
  const rows = base < current.draftRevision ? await revisionsSince(tx, id, base) : [];
  // A base the history no longer holds (or a revision from the future) cannot be merged from.
  if (rows[0]?.revision !== base) {
    return { ok: false, reason: 'conflict', currentRevision: current.draftRevision, conflicts: [] };
  }
  const theirs = current.draft;
  const mine = input.graph;
  const first = mergeGraphs(rows[0].graph, theirs, mine);
  const authors = lastChangedBy(
    rows,
    first.conflicts.map((c) => c.key),
  );
  // A tab never conflicts with its own earlier saves: its newer edit wins.
  const own = (by: DraftRevision | null | undefined) => !!tab.session && by?.session === tab.session;
  const keep: Record<string, MergeSide> = {};
  for (const c of first.conflicts) if (own(authors.get(c.key))) keep[c.key] = 'mine';
  Object.assign(keep, input.keep ?? {});
  const result = mergeGraphs(rows[0].graph, theirs, mine, { keep });
  const graphs = [mine, theirs, rows[0].graph];
  const open = result.conflicts.filter((c) => keep[c.key] === undefined);
  if (open.length > 0) {
    const conflicts = open.map((c) => conflictForApi(c, graphs, authors.get(c.key)));
    return { ok: false, reason: 'conflict', currentRevision: current.draftRevision, conflicts };
  }
  const replaced: ReplacedRecord[] = [];
  for (const c of result.conflicts) {
    const by = authors.get(c.key);
    if (c.kept !== 'mine' || own(by) || !by?.session) continue;
    replaced.push({
      key: c.key,
      // Named as the person who loses it last saw it.
      label: describeItem(parseItemKey(c.key), [theirs, mine]),
      victimSession: by.session,
      victimKeyId: by.keyId,
      ...(c.theirs !== undefined ? { yours: c.theirs } : {}),
    });
  }
  return { ok: true, graph: result.graph, replaced };
}

/** A save on the current draft that says "keep mine" for items: whose changes it replaces. */
async function replacedOnCurrent(
  tx: TransactionSql,
  id: string,
  current: { draftRevision: number; draft: Graph },
  graph: Graph,
  keep: Readonly<Record<string, MergeSide>>,
  tab: SavingTab,
): Promise<ReplacedRecord[]> {
  const now = graphItems(current.draft);
  const sent = graphItems(graph);
  const keys = Object.entries(keep)
    .filter(([key, side]) => side === 'mine' && !sameItem(key, now.get(key), sent.get(key)))
    .map(([key]) => key);
  if (keys.length === 0) return [];
  const rows = await revisionsSince(tx, id, current.draftRevision - RECENT);
  const authors = lastChangedBy(rows, keys);
  return keys.flatMap((key) => {
    const by = authors.get(key);
    if (!by?.session || by.session === tab.session) return [];
    const yours = itemValue(current.draft, key);
    return [
      {
        key,
        label: describeItem(parseItemKey(key), [current.draft, graph]),
        victimSession: by.session,
        victimKeyId: by.keyId,
        ...(yours !== undefined ? { yours } : {}),
      },
    ];
  });
}
