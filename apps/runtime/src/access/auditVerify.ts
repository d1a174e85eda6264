import type { Queryable } from '../db/connect.js';

/** Why a link of the chain does not hold. */
export type BrokenReason =
  /** The entry's content no longer hashes to its stored hash: it was edited. */
  | 'content-changed'
  /** Its `prevHash` is not the previous entry's hash: an entry before it was removed or replaced. */
  | 'link-broken'
  /** Its number does not follow the previous one: entries are missing. */
  | 'entries-missing';

export interface ChainVerification {
  /** True when every entry holds. */
  ok: boolean;
  /** How many entries the workspace's log has. */
  entries: number;
  /** The last entry of the unbroken run from entry 1 (0 when entry 1 itself is broken or the log is empty). */
  verifiedUpTo: number;
  /** The newest entry's hash: note it down, and a later verify shows nothing before it changed. */
  headHash: string | null;
  firstBroken: { seq: number; id: string; reason: BrokenReason; detail: string } | null;
  checkedAt: Date;
}

const DETAIL: Record<BrokenReason, (seq: number) => string> = {
  'content-changed': (seq) =>
    `Entry ${seq} was changed after it was written: its content no longer matches its hash`,
  'link-broken': (seq) =>
    `Entry ${seq} does not follow the entry before it: an earlier entry was removed or replaced`,
  'entries-missing': (seq) => `Entries are missing before entry ${seq}`,
};

/**
 * Recomputes the workspace's hash chain (migration 090) in one pass and names the first entry that
 * does not hold. The hash is recomputed here, inline, rather than by the database function that
 * wrote it, so replacing that function cannot hide an edit; the expression must stay the same as
 * `crossroads_audit_hash` (a test checks they agree).
 */
export async function verifyAuditChain(sql: Queryable, workspaceId: string): Promise<ChainVerification> {
  const [summary] = await sql<{ entries: number; headHash: string | null; headSeq: number | null }[]>`
    select count(*)::float8 as entries,
           (select hash from audit_log where workspace_id = ${workspaceId} order by seq desc limit 1) as head_hash,
           max(seq)::float8 as head_seq
    from audit_log where workspace_id = ${workspaceId}`;
  const [broken] = await sql<{ id: string; seq: number; previous: number; reason: BrokenReason }[]>`
    select id, seq, previous, reason from (
      select a.id::text as id, a.seq::float8 as seq, coalesce(lag(a.seq) over w, 0)::float8 as previous,
             case
               when a.seq <> coalesce(lag(a.seq) over w, 0) + 1 then 'entries-missing'
               when a.prev_hash is distinct from lag(a.hash) over w then 'link-broken'
               when a.hash is distinct from encode(sha256(convert_to(coalesce(a.prev_hash, '') || jsonb_build_array(
                 a.id, a.workspace_id, a.seq,
                 to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                 a.actor, a.actor_role, a.action, a.workflow_id, a.subject, a.details
               )::text, 'UTF8')), 'hex') then 'content-changed'
             end as reason
      from audit_log a
      where a.workspace_id = ${workspaceId}
      window w as (order by a.seq)
    ) checked
    where reason is not null
    order by seq
    limit 1`;
  const entries = summary?.entries ?? 0;
  return {
    ok: !broken,
    entries,
    verifiedUpTo: broken ? broken.previous : (summary?.headSeq ?? 0),
    headHash: summary?.headHash ?? null,
    firstBroken: broken
      ? { seq: broken.seq, id: broken.id, reason: broken.reason, detail: DETAIL[broken.reason](broken.seq) }
      : null,
    checkedAt: new Date(),
  };
}
