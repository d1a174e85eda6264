import {
  describeItem,
  type Graph,
  graphItems,
  type MergeConflict,
  parseItemKey,
  sameItem,
} from '@crossroads/graph-schema';
import type { Queryable } from '../db/connect.js';

/** One saved revision of a draft and who saved it (`workflow_draft_revisions`). */
export interface DraftRevision {
  revision: number;
  graph: Graph;
  savedAt: Date;
  keyId: string | null;
  keyName: string | null;
  session: string | null;
}

/** Who saved a revision, as the API shows it. */
export const authorOf = (row: Pick<DraftRevision, 'keyName' | 'keyId' | 'savedAt'>) => ({
  name: row.keyName ?? 'someone',
  keyId: row.keyId,
  at: row.savedAt.toISOString(),
});

/** The revisions of a draft from `from` on, oldest first (the table keeps the latest 300). */
export async function revisionsSince(
  sql: Queryable,
  workflowId: string,
  from: number,
): Promise<DraftRevision[]> {
  return sql<DraftRevision[]>`
    select revision, graph, saved_at, key_id, key_name, session
    from workflow_draft_revisions
    where workflow_id = ${workflowId} and revision >= ${from}
    order by revision`;
}

/**
 * For each item key, the revision whose save gave the item the value it has in the last of `rows`:
 * walking back, the first revision where it differs from the one before. Null when the value is
 * older than the rows.
 */
export function lastChangedBy(rows: readonly DraftRevision[], keys: readonly string[]) {
  const items = rows.map((row) => graphItems(row.graph));
  const found = new Map<string, DraftRevision | null>();
  for (const key of keys) {
    let by: DraftRevision | null = null;
    for (let i = rows.length - 1; i > 0; i--) {
      if (!sameItem(key, items[i - 1]!.get(key), items[i]!.get(key))) {
        by = rows[i]!;
        break;
      }
    }
    found.set(key, by);
  }
  return found;
}

/** A conflict as the 409 answer lists it: in words, with who saved their version. */
export function conflictForApi(
  conflict: MergeConflict,
  graphs: Graph[],
  by: DraftRevision | null | undefined,
) {
  const { key, kind, id, output, reason, base, theirs, mine } = conflict;
  return {
    key,
    kind,
    id,
    ...(output !== undefined ? { output } : {}),
    label: describeItem(parseItemKey(key), graphs),
    reason,
    ...(base !== undefined ? { base } : {}),
    ...(theirs !== undefined ? { theirs } : {}),
    ...(mine !== undefined ? { mine } : {}),
    theirsBy: by ? authorOf(by) : null,
  };
}

/** What `replaced` holds per entry: whose change a save replaced, and that change, to reapply. */
export interface ReplacedRecord {
  key: string;
  label: string;
  victimSession: string;
  victimKeyId: string | null;
  /** The replaced version of the item (absent: it had been deleted). */
  yours?: unknown;
}
