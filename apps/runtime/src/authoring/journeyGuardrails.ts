import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';
import { setRolloutIn } from './rollout.js';
import type { Actor } from './workflows.js';

/** A journey's guardrail thresholds (fractions 0–1; null: off) and the sample they wait for. */
export interface GuardrailSettings {
  maxUnsubscribeRate: number | null;
  maxFailureRate: number | null;
  maxComplaintRate: number | null;
  minSample: number;
}

export type GuardrailMetric = 'unsubscribe' | 'failure' | 'complaint';

/** A threshold crossed by one version, with the figures that crossed it. */
export interface Crossing {
  version: number;
  metric: GuardrailMetric;
  rate: number;
  threshold: number;
  sample: number;
}

/** A version's figures as the guardrails read them (operate/experiments/guardrailFigures.ts measures them). */
export interface VersionFigures {
  version: number;
  sample: number;
  unsubscribeRate: number | null;
  failureRate: number | null;
  complaintRate: number | null;
}

/** The first threshold a version's figures cross, once its sample is large enough. */
export function crossingOf(figures: VersionFigures, settings: GuardrailSettings): Crossing | undefined {
  if (figures.sample < settings.minSample) return undefined;
  const checks: Array<[GuardrailMetric, number | null, number | null]> = [
    ['failure', figures.failureRate, settings.maxFailureRate],
    ['complaint', figures.complaintRate, settings.maxComplaintRate],
    ['unsubscribe', figures.unsubscribeRate, settings.maxUnsubscribeRate],
  ];
  for (const [metric, rate, threshold] of checks) {
    if (rate !== null && threshold !== null && rate > threshold) {
      return { version: figures.version, metric, rate, threshold, sample: figures.sample };
    }
  }
  return undefined;
}

/** Who acts when a guardrail trips, in the audit log. */
export const GUARDRAIL_ACTOR = 'guardrail monitor';

const numberOrNull = (value: string | number | null) => (value === null ? null : Number(value));

export async function guardrailSettings(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
): Promise<GuardrailSettings | null> {
  const [row] = await sql<
    {
      maxUnsubscribeRate: string | null;
      maxFailureRate: string | null;
      maxComplaintRate: string | null;
      minSample: number;
    }[]
  >`
    select max_unsubscribe_rate, max_failure_rate, max_complaint_rate, min_sample
    from journey_guardrails where workspace_id = ${workspaceId} and workflow_id = ${workflowId}`;
  if (!row) return null;
  return {
    maxUnsubscribeRate: numberOrNull(row.maxUnsubscribeRate),
    maxFailureRate: numberOrNull(row.maxFailureRate),
    maxComplaintRate: numberOrNull(row.maxComplaintRate),
    minSample: row.minSample,
  };
}

/** Sets a journey's guardrails (audited). Returns false when the journey is not in the workspace. */
export async function setGuardrails(
  sql: Sql,
  actor: Actor,
  workflowId: string,
  settings: GuardrailSettings,
): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [found] = await tx`
      select 1 from workflows where workspace_id = ${actor.workspaceId} and id = ${workflowId} for update`;
    if (!found) return false;
    await tx`
      insert into journey_guardrails (workflow_id, workspace_id, max_unsubscribe_rate, max_failure_rate,
                                      max_complaint_rate, min_sample)
      values (${workflowId}, ${actor.workspaceId}, ${settings.maxUnsubscribeRate}, ${settings.maxFailureRate},
              ${settings.maxComplaintRate}, ${settings.minSample})
      on conflict (workflow_id) do update set
        max_unsubscribe_rate = excluded.max_unsubscribe_rate, max_failure_rate = excluded.max_failure_rate,
        max_complaint_rate = excluded.max_complaint_rate, min_sample = excluded.min_sample, updated_at = now()`;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'workflow.guardrails-set',
      workflowId,
      details: { ...settings },
    });
    return true;
  });
}

const METRIC_WORDS: Record<GuardrailMetric, string> = {
  unsubscribe: 'unsubscribe rate',
  failure: 'email failure rate',
  complaint: 'complaint/bounce rate',
};
const pct = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

/** "email failure rate 12.5% over 10% on 160 emails of v3" */
export function crossingSentence(crossing: Crossing): string {
  return `${METRIC_WORDS[crossing.metric]} ${pct(crossing.rate)} over ${pct(crossing.threshold)} on ${crossing.sample} emails of v${crossing.version}`;
}

async function recordTrip(
  tx: Queryable,
  workspaceId: string,
  workflowId: string,
  action: string,
  c: Crossing,
) {
  await tx`
    insert into guardrail_trips (workspace_id, workflow_id, version, action, metric, rate, threshold, sample)
    values (${workspaceId}, ${workflowId}, ${c.version}, ${action}, ${c.metric}, ${c.rate}, ${c.threshold}, ${c.sample})`;
}

/**
 * Acts on a crossed guardrail: a version under rollout goes back to 0% (the live version keeps
 * enrolling); the live version pauses the journey. Nothing is resent and nobody already enrolled
 * moves: pausing stops new enrolments only. Audited with the figures. Returns whether it acted
 * (false when someone already changed the journey).
 */
export async function tripGuardrail(
  sql: Sql,
  workspaceId: string,
  workflowId: string,
  crossing: Crossing,
  kind: 'rollout' | 'live',
): Promise<boolean> {
  const actor = { workspaceId, name: GUARDRAIL_ACTOR };
  const reason = `Guardrail: ${crossingSentence(crossing)}`;
  const figures = { ...crossing };
  return sql.begin(async (tx) => {
    if (kind === 'rollout') {
      const [row] = await tx<{ rolloutPercent: string }[]>`
        select rollout_percent from workflows
        where id = ${workflowId} and rollout_version = ${crossing.version} and status = 'active' for update`;
      if (!row || Number(row.rolloutPercent) === 0) return false;
      await recordTrip(tx, workspaceId, workflowId, 'rollout-stopped', crossing);
      const result = await setRolloutIn(tx, actor, workflowId, {
        version: crossing.version,
        percent: 0,
        reason,
        figures,
      });
      return result.ok && result.changed;
    }
    const [paused] = await tx`
      update workflows set status = 'paused', updated_at = now()
      where id = ${workflowId} and workspace_id = ${workspaceId} and status = 'active'
        and active_version = ${crossing.version}
      returning id`;
    if (!paused) return false;
    await recordTrip(tx, workspaceId, workflowId, 'paused', crossing);
    await recordAudit(tx, {
      workspaceId,
      actor: actor.name,
      actorRole: 'system',
      action: 'workflow.paused',
      workflowId,
      subject: `v${crossing.version}`,
      details: { version: crossing.version, reason, guardrail: figures },
    });
    return true;
  });
}

/** The latest guardrail trips of a journey, newest first. */
export async function guardrailTrips(sql: Queryable, workspaceId: string, workflowId: string) {
  return sql<
    {
      at: Date;
      version: number;
      action: 'paused' | 'rollout-stopped';
      metric: GuardrailMetric;
      rate: number;
      threshold: number;
      sample: number;
    }[]
  >`
    select at, version, action, metric, rate, threshold, sample from guardrail_trips
    where workspace_id = ${workspaceId} and workflow_id = ${workflowId}
    order by at desc, id desc limit 20`;
}
