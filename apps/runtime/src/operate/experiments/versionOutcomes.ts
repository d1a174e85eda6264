import type { Queryable } from '../../db/connect.js';

/** What one version of a journey did for one cohort. */
export interface CohortOutcome {
  enrolments: number;
  conversions: number;
}

/** What one version of a journey did: treated and control enrolments, sends, engagement, handoffs. */
export interface VersionOutcome {
  version: number;
  treated: CohortOutcome;
  control: CohortOutcome;
  sends: number;
  tracked: number;
  opened: number;
  clicked: number;
  replied: number;
  handoffs: number;
}

/** A version nobody entered. */
export const emptyOutcome = (version: number): VersionOutcome => ({
  version,
  treated: { enrolments: 0, conversions: 0 },
  control: { enrolments: 0, conversions: 0 },
  sends: 0,
  tracked: 0,
  opened: 0,
  clicked: 0,
  replied: 0,
  handoffs: 0,
});

/**
 * Per version of one journey: enrolments and goal conversions by cohort (treated or control),
 * emails sent (sent or ambiguous), unique opens, clicks and replies of tracked emails, and sales
 * handoffs. Versions without enrolments are left out.
 */
export async function versionOutcomes(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
): Promise<Map<number, VersionOutcome>> {
  const [enrolments, effects, engagement] = await Promise.all([
    sql<{ version: number; cohort: string; enrolments: number; conversions: number }[]>`
      select version, cohort, count(*)::int as enrolments,
             count(*) filter (where state = 'converted')::int as conversions
      from enrollments where workspace_id = ${workspaceId} and workflow_id = ${workflowId}
      group by 1, 2`,
    sql<{ version: number; kind: string; count: number }[]>`
      select version, kind, count(*)::int as count
      from effects
      where workspace_id = ${workspaceId} and workflow_id = ${workflowId} and kind in ('email', 'handoff')
        and state in ('sent', 'ambiguous')
      group by 1, 2`,
    sql<{ version: number; tracked: number; opened: number; clicked: number; replied: number }[]>`
      select version, count(*)::int as tracked, count(opened_at)::int as opened,
             count(clicked_at)::int as clicked, count(replied_at)::int as replied
      from tracked_messages
      where workspace_id = ${workspaceId} and workflow_id = ${workflowId} and version is not null
      group by 1`,
  ]);
  const out = new Map<number, VersionOutcome>();
  const at = (version: number) => {
    const outcome = out.get(version) ?? emptyOutcome(version);
    out.set(version, outcome);
    return outcome;
  };
  for (const row of enrolments) {
    at(row.version)[row.cohort === 'control' ? 'control' : 'treated'] = {
      enrolments: row.enrolments,
      conversions: row.conversions,
    };
  }
  for (const row of effects) {
    if (!out.has(row.version)) continue;
    if (row.kind === 'email') at(row.version).sends = row.count;
    else at(row.version).handoffs = row.count;
  }
  for (const row of engagement) {
    if (!out.has(row.version)) continue;
    Object.assign(at(row.version), {
      tracked: row.tracked,
      opened: row.opened,
      clicked: row.clicked,
      replied: row.replied,
    });
  }
  return out;
}
