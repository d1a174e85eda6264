import type { OutcomeGroup, SalesOutcomes } from '@crossroads/api';
import type { Sql } from '../db/connect.js';
import { rendering } from '../deliver/ledgerParts.js';

/** One handoff of a journey with what sales made of it. */
interface HandoffOutcomeRow {
  version: number;
  segments: string[];
  startedAt: Date;
  accepted: boolean;
  rejected: boolean;
  lost: boolean;
  wonAt: Date | null;
  amount: number | null;
  currency: string | null;
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (n: number | null, digits = 3) => (n === null ? null : Number(n.toFixed(digits)));

/** Counts, rates and the median time from enrolment to won of a group of handoffs. */
export function outcomeGroup(rows: readonly HandoffOutcomeRow[]): OutcomeGroup {
  const won = rows.filter((r) => r.wonAt !== null);
  // A won or lost deal was accepted, whether or not the CRM said so first.
  const accepted = rows.filter((r) => r.accepted || r.wonAt !== null || r.lost).length;
  const rejected = rows.filter((r) => r.rejected && !(r.accepted || r.wonAt !== null || r.lost)).length;
  const wonAmount: Record<string, number> = {};
  for (const r of won) {
    if (r.currency !== null && r.amount !== null)
      wonAmount[r.currency] = (wonAmount[r.currency] ?? 0) + r.amount;
  }
  const hours = won.map((r) => ((r.wonAt as Date).getTime() - r.startedAt.getTime()) / 3_600_000);
  return {
    handoffs: rows.length,
    accepted,
    rejected,
    won: won.length,
    lost: rows.filter((r) => r.lost && r.wonAt === null).length,
    awaiting: rows.filter((r) => !r.accepted && !r.rejected && !r.lost && r.wonAt === null).length,
    acceptanceRate: accepted + rejected === 0 ? null : round(accepted / (accepted + rejected)),
    winRate: rows.length === 0 ? null : round(won.length / rows.length),
    medianHoursToWon: round(median(hours), 2),
    wonAmount,
  };
}

/** Fastest to won first; groups that never won last, by win rate then size. */
const fastestFirst = (a: OutcomeGroup, b: OutcomeGroup) =>
  (a.medianHoursToWon ?? Number.POSITIVE_INFINITY) - (b.medianHoursToWon ?? Number.POSITIVE_INFINITY) ||
  (b.winRate ?? 0) - (a.winRate ?? 0) ||
  b.handoffs - a.handoffs;

/**
 * What sales made of a journey's handoffs ("which segments convert faster"): for the journey, each
 * version and each segment the contacts were in when handed off (recorded by the walk), the
 * acceptance rate and the median time from enrolment to won. Outcomes are the `handoff.*` events
 * `POST /v1/handoffs/:id/outcome` stored, read through the contacts' event index.
 */
export async function salesOutcomes(
  sql: Sql,
  workspaceId: string,
  workflowId: string,
): Promise<SalesOutcomes> {
  const rows = await sql<HandoffOutcomeRow[]>`
    with h as (
      select f.id, f.version, f.contact_id, e.started_at,
             coalesce(${sql.unsafe(rendering('f'))} -> 'segments', '[]'::jsonb) as segments
      from effects f join enrollments e on e.id = f.enrollment_id
      where f.workspace_id = ${workspaceId} and f.workflow_id = ${workflowId} and f.kind = 'handoff'),
    o as (
      select ev.properties ->> 'handoffId' as handoff_id, ev.type, ev.occurred_at, ev.properties
      from events ev
      where ev.workspace_id = ${workspaceId}
        and ev.contact_id in (select contact_id from h)
        and ev.type in ('handoff.accepted', 'handoff.rejected', 'handoff.won', 'handoff.lost'))
    select h.version, array(select jsonb_array_elements_text(h.segments)) as segments, h.started_at,
           coalesce(bool_or(o.type = 'handoff.accepted'), false) as accepted,
           coalesce(bool_or(o.type = 'handoff.rejected'), false) as rejected,
           coalesce(bool_or(o.type = 'handoff.lost'), false) as lost,
           min(o.occurred_at) filter (where o.type = 'handoff.won') as won_at,
           max((o.properties ->> 'amount')::float8) filter (where o.type = 'handoff.won') as amount,
           max(o.properties ->> 'currency') filter (where o.type = 'handoff.won') as currency
    from h left join o on o.handoff_id = h.id::text
    group by h.id, h.version, h.segments, h.started_at`;
  const byVersion = new Map<number, HandoffOutcomeRow[]>();
  const bySegment = new Map<string, HandoffOutcomeRow[]>();
  for (const row of rows) {
    byVersion.set(row.version, [...(byVersion.get(row.version) ?? []), row]);
    for (const segment of row.segments) bySegment.set(segment, [...(bySegment.get(segment) ?? []), row]);
  }
  return {
    workflowId,
    total: outcomeGroup(rows),
    byVersion: [...byVersion]
      .sort(([a], [b]) => b - a)
      .map(([version, group]) => ({ version, ...outcomeGroup(group) })),
    bySegment: [...bySegment]
      .map(([segment, group]) => ({ segment, ...outcomeGroup(group) }))
      .sort(fastestFirst),
  };
}
