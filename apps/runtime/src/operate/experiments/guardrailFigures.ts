import type { Queryable } from '../../db/connect.js';

/** How one version's emails are faring, for the journey guardrails. */
export interface GuardrailFigures {
  version: number;
  /** Emails settled: sent, ambiguous, failed or dead. */
  sample: number;
  /** Tracked emails unsubscribed from, over tracked emails. */
  unsubscribeRate: number | null;
  /** Failed or dead emails over the sample. */
  failureRate: number | null;
  /** Contacts emailed by the version, then suppressed as bounced or complained, over emails sent. */
  complaintRate: number | null;
}

/**
 * The guardrail figures of some versions of a journey, measured on their own emails only (so a
 * version under rollout is judged apart from the live one).
 */
export async function guardrailFigures(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  versions: readonly number[],
): Promise<GuardrailFigures[]> {
  if (versions.length === 0) return [];
  const rows = await sql<
    {
      version: number;
      sample: number;
      sent: number;
      failed: number;
      tracked: number;
      unsubscribed: number;
      complained: number;
    }[]
  >`
    with wanted as (select unnest(${versions as number[]}::int[]) as version),
    emails as (
      select version, count(*)::int as sample,
             count(*) filter (where state in ('sent', 'ambiguous'))::int as sent,
             count(*) filter (where state in ('failed', 'dead'))::int as failed
      from effects
      where workspace_id = ${workspaceId} and workflow_id = ${workflowId} and kind = 'email'
        and state in ('sent', 'ambiguous', 'failed', 'dead') and version = any(${versions as number[]}::int[])
      group by 1
    ),
    tracked as (
      select version, count(*)::int as tracked, count(unsubscribed_at)::int as unsubscribed
      from tracked_messages
      where workspace_id = ${workspaceId} and workflow_id = ${workflowId} and version = any(${versions as number[]}::int[])
      group by 1
    ),
    complaints as (
      select f.version, count(distinct f.contact_id)::int as complained
      from effects f
      join suppressions s on s.workspace_id = f.workspace_id and s.contact_id = f.contact_id
        and s.reason in ('bounced', 'complained') and s.at >= f.created_at
      where f.workspace_id = ${workspaceId} and f.workflow_id = ${workflowId} and f.kind = 'email'
        and f.state in ('sent', 'ambiguous', 'failed', 'dead') and f.version = any(${versions as number[]}::int[])
      group by 1
    )
    select w.version, coalesce(e.sample, 0) as sample, coalesce(e.sent, 0) as sent, coalesce(e.failed, 0) as failed,
           coalesce(t.tracked, 0) as tracked, coalesce(t.unsubscribed, 0) as unsubscribed,
           coalesce(c.complained, 0) as complained
    from wanted w
    left join emails e using (version) left join tracked t using (version) left join complaints c using (version)
    order by w.version`;
  const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return rows.map((r) => ({
    version: r.version,
    sample: r.sample,
    unsubscribeRate: rate(r.unsubscribed, r.tracked),
    failureRate: rate(r.failed, r.sample),
    complaintRate: rate(r.complained, r.sent),
  }));
}
