import { type Role, roleAllows } from '@crossroads/api';
import { parseItemKey } from '@crossroads/graph-schema';
import type { Queryable, Sql } from '../db/connect.js';
import { authorOf as author, type ReplacedRecord } from './draftHistory.js';

/** A tab counts as present this long after its last heartbeat (tabs beat every few seconds). */
const PRESENT_SECONDS = 45;
/** Rows older than this are removed by the next heartbeat on the same draft. */
const FORGET_SECONDS = 600;

export interface HeartbeatInput {
  workspaceId: string;
  workflowId: string;
  session: string;
  key: { keyId: string; keyName: string; role: string };
  /** The draft revision the tab holds. */
  revision: number;
  editing: string[];
}

interface PresenceRow {
  session: string;
  name: string;
  keyId: string;
  role: string;
  editing: string[];
  since: Date;
  seenAt: Date;
}

interface ReplacedRow {
  revision: number;
  replaced: ReplacedRecord[];
  keyName: string | null;
  keyId: string | null;
  savedAt: Date;
}

/**
 * Records that a tab has the draft open and answers what it needs to stay honest: the current
 * revision and who saved it, the other tabs here, and this tab's changes that a later save
 * replaced by choice. Null when the workflow is not in the workspace.
 */
export async function heartbeat(sql: Sql, input: HeartbeatInput) {
  return sql.begin(async (tx) => {
    const [workflow] = await tx<{ draftRevision: number }[]>`
      select draft_revision from workflows where workspace_id = ${input.workspaceId} and id = ${input.workflowId}`;
    if (!workflow) return null;
    await tx`
      insert into draft_presence (workflow_id, session, workspace_id, key_id, name, role, editing)
      values (${input.workflowId}, ${input.session}, ${input.workspaceId}, ${input.key.keyId},
              ${input.key.keyName}, ${input.key.role}, ${tx.json(input.editing)})
      on conflict (workflow_id, session) do update
      set seen_at = now(), editing = excluded.editing, name = excluded.name, role = excluded.role
      where draft_presence.key_id = excluded.key_id`;
    await tx`
      delete from draft_presence
      where workflow_id = ${input.workflowId} and seen_at < now() - make_interval(secs => ${FORGET_SECONDS})`;
    // A revoked key's tabs are gone, whatever their last heartbeat.
    const present = await tx<PresenceRow[]>`
      select p.session, p.name, p.key_id, p.role, p.editing, p.since, p.seen_at
      from draft_presence p join api_keys k on k.id = p.key_id and k.revoked_at is null
      where p.workflow_id = ${input.workflowId} and p.session <> ${input.session}
        and p.seen_at > now() - make_interval(secs => ${PRESENT_SECONDS})
      order by p.since, p.session`;
    const [saved] = await tx<{ keyName: string | null; keyId: string | null; savedAt: Date }[]>`
      select key_name, key_id, saved_at from workflow_draft_revisions
      where workflow_id = ${input.workflowId} and revision = ${workflow.draftRevision}`;
    const replacedRows = await tx<ReplacedRow[]>`
      select revision, replaced, key_name, key_id, saved_at from workflow_draft_revisions
      where workflow_id = ${input.workflowId} and revision > ${input.revision}
        and replaced @> ${tx.json([{ victimSession: input.session }])}
      order by revision`;
    return {
      draftRevision: workflow.draftRevision,
      savedBy: saved?.keyName ? author(saved) : null,
      present: present.map((p) => ({
        ...p,
        canEdit: roleAllows(p.role as Role, 'workflow:write'),
        since: p.since.toISOString(),
        seenAt: p.seenAt.toISOString(),
      })),
      replaced: replacedRows.flatMap((row) =>
        row.replaced
          .filter((r) => r.victimSession === input.session)
          .map((r) => {
            const { kind, id, output } = parseItemKey(r.key);
            return {
              key: r.key,
              kind,
              id,
              ...(output !== undefined ? { output } : {}),
              label: r.label,
              revision: row.revision,
              by: author(row),
              ...(r.yours !== undefined ? { yours: r.yours } : {}),
            };
          }),
      ),
    };
  });
}

/**
 * The tab closed the draft: it is no longer shown to others. Only the key that opened it may say
 * so. Null when the workflow is not in the workspace.
 */
export async function leave(
  sql: Queryable,
  input: { workspaceId: string; workflowId: string; session: string; keyId: string },
): Promise<boolean | null> {
  const [row] = await sql<{ left: boolean }[]>`
    with gone as (
      delete from draft_presence
      where workspace_id = ${input.workspaceId} and workflow_id = ${input.workflowId}
        and session = ${input.session} and key_id = ${input.keyId}
      returning session)
    select exists (select 1 from gone) as left
    from workflows where workspace_id = ${input.workspaceId} and id = ${input.workflowId}`;
  return row ? row.left : null;
}
